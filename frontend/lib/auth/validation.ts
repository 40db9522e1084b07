/** Client- and server-side checks that mirror the API's rules, so people hear about mistakes early. */
export type AuthErrors = Partial<Record<'email' | 'password' | 'name' | 'form', string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateCredentials(
  input: { email: string; password: string; name?: string },
  mode: 'login' | 'register',
): AuthErrors {
  const errors: AuthErrors = {};
  if (!EMAIL.test(input.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (mode === 'register') {
    const name = (input.name ?? '').trim();
    const password = passwordProblem(input.password, input.email.trim(), name);
    if (password) errors.password = password;
    if (name.length < 1) errors.name = 'Tell us what to call you.';
    else if (name.length > 100) errors.name = 'Use at most 100 characters.';
  } else if (!input.password) {
    errors.password = 'Enter your password.';
  }
  return errors;
}

/** The API's simple password rules (the breach-list check stays on the server): length in characters as people
 * count them, some variety, and none of the person's own details. */
function passwordProblem(password: string, email: string, name: string): string | undefined {
  const characters = [...password];
  if (characters.length < 12) return 'Use at least 12 characters.';
  if (characters.length > 128) return 'Use at most 128 characters.';
  if (new Set(characters).size < 5) return 'Use at least 5 different characters.';
  const lowered = password.toLowerCase();
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lowered.includes(local)) return 'Leave your email address out of your password.';
  if (name.length >= 4 && lowered.includes(name.toLowerCase()))
    return 'Leave your name out of your password.';
  return undefined;
}
