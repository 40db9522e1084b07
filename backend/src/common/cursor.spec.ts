import { describe, expect, it } from 'vitest';
import { ValidationFailed } from './app-errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const id = '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b';

describe('cursor', () => {
  it('round-trips the sort, key and id', () => {
    const cursor = { s: 'title', k: 'Buy milk', id };
    expect(decodeCursor(encodeCursor(cursor), 'title')).toEqual(cursor);
  });

  it('keeps a null key (tasks without a due date)', () => {
    expect(decodeCursor(encodeCursor({ s: 'dueAt', k: null, id }), 'dueAt').k).toBeNull();
  });

  it('rejects a cursor from another sort order, naming the cursor field', () => {
    const raw = encodeCursor({ s: 'title', k: 'a', id });
    expect(() => decodeCursor(raw, '-createdAt')).toThrow(ValidationFailed);
    try {
      decodeCursor(raw, '-createdAt');
    } catch (error) {
      expect((error as ValidationFailed).errors?.[0]?.path).toBe('cursor');
    }
  });

  it.each([
    'not-base64!',
    Buffer.from('{"s":1}').toString('base64url'),
    Buffer.from('[]').toString('base64url'),
  ])('rejects garbage %s', (raw) => {
    expect(() => decodeCursor(raw, 'title')).toThrow(ValidationFailed);
  });
});
