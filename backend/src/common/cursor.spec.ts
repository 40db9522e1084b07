import { describe, expect, it } from 'vitest';
import { ValidationFailed } from './app-errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const id = '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b';
const anyKey = () => true;

describe('cursor', () => {
  it('round-trips the sort, key and id', () => {
    const cursor = { s: 'title', k: 'Buy milk', id };
    expect(decodeCursor(encodeCursor(cursor), 'title', anyKey)).toEqual(cursor);
  });

  it('keeps a null key (tasks without a due date)', () => {
    expect(decodeCursor(encodeCursor({ s: 'dueAt', k: null, id }), 'dueAt', anyKey).k).toBeNull();
  });

  it('rejects a cursor from another sort order, naming the cursor field', () => {
    const raw = encodeCursor({ s: 'title', k: 'a', id });
    expect(() => decodeCursor(raw, '-createdAt', anyKey)).toThrow(ValidationFailed);
    try {
      decodeCursor(raw, '-createdAt', anyKey);
    } catch (error) {
      expect((error as ValidationFailed).errors?.[0]?.path).toBe('cursor');
    }
  });

  it.each([
    'not-base64!',
    Buffer.from('{"s":1}').toString('base64url'),
    Buffer.from('[]').toString('base64url'),
  ])('rejects garbage %s', (raw) => {
    expect(() => decodeCursor(raw, 'title', anyKey)).toThrow(ValidationFailed);
  });

  it('rejects a key its sort could not have written, naming the cursor field', () => {
    const raw = encodeCursor({ s: 'dueAt', k: 'garbage', id });
    const isDate = (key: string | null) => key === null || !Number.isNaN(Date.parse(key));
    expect(() => decodeCursor(raw, 'dueAt', isDate)).toThrow(ValidationFailed);
    expect(
      decodeCursor(encodeCursor({ s: 'dueAt', k: '2026-11-27T00:00:00.000Z', id }), 'dueAt', isDate).k,
    ).toBe('2026-11-27T00:00:00.000Z');
  });
});
