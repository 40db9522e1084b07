import { z } from 'zod';
import { ValidationFailed } from './app-errors.js';

const cursorSchema = z.object({ s: z.string(), k: z.union([z.string(), z.null()]), id: z.uuid() }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

/** Opaque keyset cursor: the sort it belongs to, the last row's sort key, and its id as the tie-breaker. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** `isKey` checks the key against its sort: a cursor is client input, and a forged key must not reach SQL. */
export function decodeCursor(raw: string, sort: string, isKey: (key: string | null) => boolean): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this API issued');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw invalid('is not a cursor this API issued');
  if (result.data.s !== sort) throw invalid('belongs to a different sort order; restart paging without it');
  if (!isKey(result.data.k)) throw invalid('is not a cursor this API issued');
  return result.data;
}

const invalid = (message: string) => new ValidationFailed([{ path: 'cursor', message }]);
