import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationFailed } from './app-errors.js';
import { validate } from './validate.js';

const body = z.object({ title: z.string().trim().min(1), tags: z.array(z.string()).optional() }).strict();

const errorsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationFailed');
};

describe(validate.name, () => {
  it('returns the parsed value', () => {
    expect(validate(body, { title: '  Milk ' })).toEqual({ title: 'Milk' });
  });

  it('names each offending field, unknown keys included', () => {
    expect(errorsOf(() => validate(body, { title: '', extra: 1 }))).toEqual([
      { path: 'title', message: expect.any(String) },
      { path: 'extra', message: 'is not a known field' },
    ]);
  });

  it('refuses a NUL anywhere, naming its path (PostgreSQL text cannot hold one)', () => {
    const nul = [{ path: 'tags.1', message: 'must not contain NUL (U+0000) characters' }];
    expect(errorsOf(() => validate(body, { title: 'ok', tags: ['a', 'b\u0000'] }))).toEqual(nul);
    expect(errorsOf(() => validate(z.string(), 'x\u0000', 'Idempotency-Key'))).toEqual([
      { path: 'Idempotency-Key', message: 'must not contain NUL (U+0000) characters' },
    ]);
  });
});
