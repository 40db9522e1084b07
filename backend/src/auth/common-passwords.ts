// Passwords of 12+ characters that appear near the top of public breach corpora. Not exhaustive: the goal is
// to refuse what an attacker tries first.
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  'qwertyqwerty',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'iloveyou1234',
  'abcdefghijkl',
  'abc123abc123',
  'letmein12345',
  'welcome12345',
  'administrator',
  'admin1234567',
  'changeme1234',
  'football1234',
  'baseball1234',
  'superman1234',
  'sunshine1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'trustno11234',
  'correcthorsebatterystaple',
  'asdfghjkl123',
  'zxcvbnm12345',
  'aaaaaaaaaaaa',
  'passw0rd1234',
  'p@ssw0rd1234',
  'mypassword123',
  'secretpassword',
]);

/** True for passwords on the common list, or made of one repeated character or a single run of digits. */
export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered)) return true;
  if (/^(.)\1+$/.test(password)) return true;
  return /^\d+$/.test(password) && '01234567890123456789'.includes(password);
}
