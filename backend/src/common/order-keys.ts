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

export const orderKeySchema = z
  .string()
  .max(200)
  .regex(/^[0-9A-Za-z]{2,200}$/, 'must be an order key (2 to 200 letters and digits)')
  .describe('Opaque order key: items sort by it (byte order), ties by id.');
