import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords.js';

describe('isCommonPassword', () => {
  it.each(['password1234', 'PASSWORD1234', 'qwerty123456', 'zzzzzzzzzzzzzz', '123456789012'])(
    'refuses %s',
    (password) => expect(isCommonPassword(password)).toBe(true),
  );

  it.each(['correct-horse-lamp-41', 'Tr0ub4dor&3xyz', '9183-7465-2291'])('accepts %s', (password) =>
    expect(isCommonPassword(password)).toBe(false),
  );
});
