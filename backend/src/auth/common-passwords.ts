import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * zxcvbn-ts's list of the ~49,000 passwords seen most often in public breach corpora (MIT, pinned in
 * package.json), plus words an attacker would try against this app in particular.
 */
const APP_WORDS = ['todo', 'todolist', 'todoapp', 'tasklist', 'correcthorsebatterystaple'];
let breached: Set<string> | undefined;
const breachedPasswords = () => (breached ??= new Set([...dictionary['passwords-common'], ...APP_WORDS]));

// What people tack onto a listed password to pass a length rule: `password123!`, `qwerty123456789`.
const TRAILING_DIGITS_AND_SYMBOLS = /[\d\p{P}\p{S}\s]+$/u;
const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};
const unleet = (value: string) => value.replace(/[@43105$7]/g, (char) => LEET[char]!);

/** The listed password this one is made from, if any: itself, with a tail of digits and symbols, or repeated. */
function listedBase(password: string): string | undefined {
  const list = breachedPasswords();
  const lowered = password.toLowerCase();
  const stem = lowered.replace(TRAILING_DIGITS_AND_SYMBOLS, '');
  const candidates = [lowered, stem, unleet(stem)].flatMap((value) => [value, repeatedUnit(value) ?? '']);
  // A stem of one or two letters is too short to call a derivative: the tail carries the secret then.
  return candidates.find((candidate) => candidate.length >= 3 && list.has(candidate));
}

/** The shortest piece the value is a repetition of (`dragon` for `dragondragon`), if it is one. */
function repeatedUnit(value: string): string | undefined {
  const characters = [...value];
  for (let size = 1; size <= characters.length / 2; size += 1) {
    if (characters.length % size !== 0) continue;
    const unit = characters.slice(0, size).join('');
    if (unit.repeat(characters.length / size) === value) return unit;
  }
  return undefined;
}

/** True for listed passwords and their simple derivatives, and for runs of digits such as `123456789012`. */
export function isCommonPassword(password: string): boolean {
  if (listedBase(password) !== undefined) return true;
  return /^\d+$/.test(password) && '01234567890123456789'.includes(password);
}

/** At least this many different characters: twelve spaces, or twelve of one emoji, are no password. */
export const MIN_DISTINCT_CHARACTERS = 5;

export const distinctCharacters = (value: string) => new Set(value).size;

/** Which personal detail the password contains: the email's local part or the name, when 4+ characters. */
export function personalDetailIn(
  password: string,
  person: { email: string; name: string },
): 'email' | 'name' | undefined {
  const lowered = password.toLowerCase();
  const local = person.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lowered.includes(local)) return 'email';
  const name = person.name.trim().toLowerCase();
  if (name.length >= 4 && lowered.includes(name)) return 'name';
  return undefined;
}
