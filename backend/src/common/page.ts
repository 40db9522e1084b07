import { z } from 'zod';

/** The `nextCursor` of every keyset-paged list. */
export const nextCursorSchema = z
  .string()
  .max(1000)
  .nullable()
  .describe('Pass as `cursor` to get the next page; null on the last page.');

/** `{ items, nextCursor }`: one page of at most 100 items. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(100), nextCursor: nextCursorSchema }).strict();
