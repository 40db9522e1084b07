import { generateKeyBetween } from 'fractional-indexing';
import { z } from 'zod';

/**
 * Manual order: fractional-indexing keys, compared byte by byte (the columns use COLLATE "C"). A key between two
 * neighbours never touches the other rows; the library does the key arithmetic.
 */
export const keyBetween = (before: string | null, after: string | null): string =>
  generateKeyBetween(before, after);

/** A key after every one of `last` (null: the first key). */
export const keyAfter = (last: string | null): string => generateKeyBetween(last, null);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The key of an instant: a fractional-indexing integer key (head 'h', 8 base-62 digits) of its milliseconds, the
 * same as the migration's SQL `todo_instant_position`. Keys of later instants sort later, after every key handed
 * out from 'a0' (heads 'a' to 'g' are shorter integers).
 */
export function instantKey(at: Date): string {
  let n = Math.floor(at.getTime());
  let digits = '';
  for (let i = 0; i < 8; i += 1) {
    digits = BASE62[n % 62]! + digits;
    n = Math.floor(n / 62);
  }
  return `h${digits}`;
}

/**
 * Keys that put new items last without a lock or a read: each is the key of the instant it is handed out, one
 * millisecond past the previous one when several come in the same millisecond (a batch keeps its order). Appends
 * from two processes in the same millisecond may tie; ties sort by id, which the order allows.
 */
export class AppendKeys {
  private lastMs = 0;

  next(): string {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return instantKey(new Date(this.lastMs));
  }

  /** Last after `last` as well: a move to the end, where a sibling's key may be ahead of the clock. */
  after(last: string | null): string {
    const timed = this.next();
    return last === null || last < timed ? timed : keyAfter(last);
  }
}

export const orderKeySchema = z
  .string()
  .max(200)
  .regex(/^[0-9A-Za-z]{2,200}$/, 'must be an order key (2 to 200 letters and digits)')
  .describe('Opaque order key: items sort by it (byte order), ties by id.');
