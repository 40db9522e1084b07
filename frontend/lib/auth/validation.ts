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
    if (input.password.length < 12) errors.password = 'Use at least 12 characters.';
    else if (input.password.length > 128) errors.password = 'Use at most 128 characters.';
    const name = (input.name ?? '').trim();
    if (name.length < 1) errors.name = 'Tell us what to call you.';
    else if (name.length > 100) errors.name = 'Use at most 100 characters.';
  } else if (!input.password) {
    errors.password = 'Enter your password.';
  }
  return errors;
}
