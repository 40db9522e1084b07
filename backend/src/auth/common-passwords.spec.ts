import { describe, expect, it } from 'vitest';
import { distinctCharacters, isCommonPassword, personalDetailIn } from './common-passwords.js';

describe('isCommonPassword', () => {
  it.each([
    'password1234',
    'PASSWORD1234',
    'qwerty123456',
    '123456789012',
    'password123!',
    'qwerty123456789',
    'P@ssw0rd2024!',
    'dragondragon',
    'monkeymonkey99',
    'iloveyou!!!!',
    'todolist2024!',
  ])('refuses %s', (password) => expect(isCommonPassword(password)).toBe(true));

  it.each([
    'correct-horse-lamp-41',
    'correct horse battery staple',
    'CorrectHorse!2024',
    'supersecret-password-1',
    'Tr0ub4dor&3xyz',
    '9183-7465-2291',
    'wrong-password-123',
    'not-a-real-password-1',
  ])('accepts %s', (password) => expect(isCommonPassword(password)).toBe(false));
});

describe('personalDetailIn', () => {
  const person = { email: 'grace.hopper@example.com', name: 'Grace Hopper' };

  it('finds the email local part or the whole name, in any case', () => {
    expect(personalDetailIn('GRACE.HOPPER-rocks', person)).toBe('email');
    expect(personalDetailIn('i am grace hopper!', person)).toBe('name');
    expect(personalDetailIn('grace-and-hopper-41', person)).toBeUndefined();
  });

  it('ignores details shorter than 4 characters', () => {
    expect(personalDetailIn('ada-lovelace-123', { email: 'ada@example.com', name: 'Ada' })).toBeUndefined();
  });
});

describe('distinctCharacters', () => {
  it('counts code points, so one emoji repeated is one character', () => {
    expect(distinctCharacters('\u{1F600}'.repeat(12))).toBe(1);
    expect(distinctCharacters('zzzzzzzzzzzzzz')).toBe(1);
  });
});
