import { z } from 'zod';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

export const COMMENT_MAX = 5000;

export const commentSchema = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    author: z.object({ id: z.uuid(), name: z.string().max(100) }).strict(),
    body: z.string().max(COMMENT_MAX),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type Comment = z.infer<typeof commentSchema>;
const example: Comment = {
  id: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
  taskId: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
  author: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Ada' },
  body: 'The photos are in the top drawer.',
  createdAt: '2026-12-06T10:00:00.000Z',
};
responseSchemas.add(commentSchema, {
  id: 'Comment',
  description: 'A comment on a task.',
  examples: [example],
});

export const commentPageSchema = z
  .object({
    items: z.array(commentSchema).max(100),
    nextCursor: z
      .string()
      .max(1000)
      .nullable()
      .describe('Pass as `cursor` to get the next (newer) page; null on the last page.'),
  })
  .strict();
export type CommentPage = z.infer<typeof commentPageSchema>;
responseSchemas.add(commentPageSchema, {
  id: 'CommentPage',
  description: 'A page of a task’s comments, oldest first (a thread reads top to bottom).',
  examples: [{ items: [example], nextCursor: null }],
});

export const createCommentSchema = z
  .object({
    body: z
      .string()
      .trim()
      .min(1)
      .max(COMMENT_MAX)
      .describe('The comment; 1 to 5000 characters once leading and trailing whitespace is trimmed.'),
  })
  .strict();
export type CreateCommentInput = z.infer<typeof createCommentSchema>;
requestSchemas.add(createCommentSchema, {
  id: 'CreateCommentRequest',
  examples: [{ body: 'The photos are in the top drawer.' }],
});

export const commentIdSchema = z.uuid({ message: 'must be a UUID' });
