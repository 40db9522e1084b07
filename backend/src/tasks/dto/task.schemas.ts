import { MAX_SEARCH_WORDS, searchWords } from '@todo/quick-add/search';
import { z } from 'zod';
import { instantSchema } from '../../common/instant.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export const TASK_RECURRENCES = ['daily', 'weekly', 'monthly'] as const;
export const TASK_SORTS = [
  'createdAt',
  '-createdAt',
  'dueAt',
  '-dueAt',
  'priority',
  '-priority',
  'title',
  '-title',
  'position',
  '-position',
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

const title = z.string().trim().min(1).max(200).describe('What needs doing; 1 to 200 characters.');
const description = z.string().max(10_000).nullable().describe('Free-form notes, up to 10,000 characters.');
const priority = z.enum(TASK_PRIORITIES).describe('How important the task is.');
const tags = z
  .array(z.string().trim().min(1).max(32))
  .max(20)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a tag')
  .describe('Up to 20 labels, 1 to 32 characters each, no repeats.');
const dueAt = instantSchema
  .nullable()
  .describe('When the task is due (RFC 3339 with offset; years 0001 to 9999 in UTC).');
const remindAt = instantSchema
  .nullable()
  .describe('When to remind the user (RFC 3339 with offset; years 0001 to 9999 in UTC).');
const recurrence = z
  .enum(TASK_RECURRENCES)
  .nullable()
  .describe('Repeat period; completing a recurring task creates its next occurrence.');

export const taskSchema = z
  .object({
    id: z.uuid(),
    title: z.string().max(200),
    description: z.string().max(10_000).nullable(),
    completed: z.boolean(),
    completedAt: z.iso.datetime().nullable(),
    priority,
    tags: z.array(z.string().max(32)).max(20),
    dueAt: z.iso.datetime().nullable(),
    remindAt: z.iso.datetime().nullable(),
    recurrence: z.enum(TASK_RECURRENCES).nullable(),
    projectId: z.uuid().describe('The project the task belongs to.'),
    sectionId: z.uuid().nullable().describe('Its section in the project; null for none.'),
    parentId: z.uuid().nullable().describe('The task it is a subtask of; null for a top-level task.'),
    position: z
      .string()
      .max(200)
      .describe('Opaque order key among its siblings (same project, section and parent), byte order.'),
    assigneeId: z.uuid().nullable().describe('The member it is assigned to; null for nobody.'),
    createdBy: z.uuid().nullable().describe('Who created it (null once that account is gone).'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().min(1).describe('Increments on every change; send it as If-Match to update safely.'),
  })
  .strict();
export type Task = z.infer<typeof taskSchema>;
responseSchemas.add(taskSchema, {
  id: 'Task',
  description: 'A task owned by the authenticated user.',
  examples: [
    {
      id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
      title: 'Renew passport',
      description: 'Photos are in the drawer.',
      completed: false,
      completedAt: null,
      priority: 'high',
      tags: ['errands'],
      dueAt: '2026-12-01T09:00:00.000Z',
      remindAt: '2026-11-30T18:00:00.000Z',
      recurrence: null,
      projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
      sectionId: null,
      parentId: null,
      position: 'a0',
      assigneeId: null,
      createdBy: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:00.000Z',
      version: 1,
    },
  ],
});

export const taskPageSchema = z
  .object({
    items: z.array(taskSchema).max(100),
    nextCursor: z
      .string()
      .max(1000)
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page.'),
  })
  .strict();
responseSchemas.add(taskPageSchema, {
  id: 'TaskPage',
  description: 'One page of tasks.',
  examples: [
    {
      items: [
        {
          id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
          title: 'Renew passport',
          description: null,
          completed: false,
          completedAt: null,
          priority: 'high',
          tags: ['errands'],
          dueAt: '2026-12-01T09:00:00.000Z',
          remindAt: null,
          recurrence: null,
          projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
          sectionId: null,
          parentId: null,
          position: 'a0',
          assigneeId: null,
          createdBy: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          createdAt: '2026-11-26T10:00:00.000Z',
          updatedAt: '2026-11-26T10:00:00.000Z',
          version: 1,
        },
      ],
      nextCursor: 'eyJrIjoiMjAyNi0xMS0yNlQxMDowMDowMC4wMDBaIiwiaWQiOiIzZjJiOGMxZSJ9',
    },
  ],
});

const projectId = z.uuid({ message: 'must be a UUID' });
const sectionId = z.uuid({ message: 'must be a UUID' }).nullable();
const parentId = z.uuid({ message: 'must be a UUID' }).nullable();
const assigneeId = z
  .uuid({ message: 'must be a UUID' })
  .nullable()
  .describe('A member of the project to assign it to; null for nobody.');
const placement = {
  projectId: projectId
    .optional()
    .describe('The project to file it in (a member can write there); default: your Inbox.'),
  sectionId: sectionId
    .optional()
    .describe('A section of that project; null for none. A subtask takes its parent’s section.'),
  parentId: parentId
    .optional()
    .describe('A task of that project to make it a subtask of (at most 4 levels); null for top level.'),
};

export const createTaskSchema = z
  .object({
    title,
    description: description.optional(),
    completed: z.boolean().optional().describe('Create the task already completed; defaults to false.'),
    priority: priority.default('medium'),
    tags: tags.default([]),
    dueAt: dueAt.optional(),
    remindAt: remindAt.optional(),
    recurrence: recurrence.optional(),
    ...placement,
    assigneeId: assigneeId.optional(),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskSchema>;
requestSchemas.add(createTaskSchema, {
  id: 'CreateTaskRequest',
  examples: [{ title: 'Water the plants', priority: 'low', tags: ['home'], recurrence: 'weekly' }],
});

export const updateTaskSchema = z
  .object({
    title: title.optional(),
    description: description.optional(),
    completed: z
      .boolean()
      .optional()
      .describe(
        'Completing a recurring task creates its next occurrence; reopening it removes that occurrence while unchanged.',
      ),
    priority: priority.optional(),
    tags: tags.optional(),
    dueAt: dueAt.optional(),
    remindAt: remindAt.optional(),
    recurrence: recurrence.optional(),
    assigneeId: assigneeId.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;
requestSchemas.add(updateTaskSchema, {
  id: 'UpdateTaskRequest',
  description: 'The fields to change; omitted fields keep their value, null clears a nullable field.',
  examples: [{ completed: true }],
});

// One string schema (not a union), so the document shows an id parameter as a plain string.
const idOrNone = z
  .string()
  .max(36)
  .regex(
    /^(none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    'must be a UUID or none',
  );

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listTasksQuerySchema = z
  .object({
    completed: booleanQuery.optional().describe('Only completed (`true`) or open (`false`) tasks.'),
    priority: priority.optional().describe('Only tasks of this priority.'),
    tag: z.string().min(1).max(32).optional().describe('Only tasks carrying this tag.'),
    q: z
      .string()
      .min(1)
      .max(200)
      .refine((q) => searchWords(q).length <= MAX_SEARCH_WORDS, `must have at most ${MAX_SEARCH_WORDS} words`)
      .optional()
      .describe(
        'Search: every word (separated by spaces, any order) must match — a plain word case-insensitively in the ' +
          'title or description, a `#word` as one of the tags (exactly). At most 8 words.',
      ),
    due: z.enum(['none']).optional().describe('`none`: only tasks without a due date.'),
    dueBefore: instantSchema.optional().describe('Only tasks due before this instant.'),
    dueAfter: instantSchema.optional().describe('Only tasks due at or after this instant.'),
    projectId: projectId.optional().describe('Only tasks of this project (one you are a member of).'),
    sectionId: idOrNone
      .optional()
      .describe('Only tasks of this section; `none` for tasks outside any section.'),
    parentId: idOrNone.optional().describe('Only subtasks of this task; `none` for top-level tasks only.'),
    assignee: z
      .union([z.literal('me'), z.uuid({ message: 'must be a UUID or me' })])
      .optional()
      .describe('Only tasks assigned to you (`me`) or to this user.'),
    sort: z
      .enum(TASK_SORTS)
      .default('-createdAt')
      .describe(
        'Sort key; `-` for descending. Tasks without a due date sort after dated ones with `dueAt`; `position` ' +
          'is the manual order (within a project, section and parent).',
      ),
    limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size.'),
    cursor: z.string().min(1).max(1000).optional().describe('The `nextCursor` of the previous page.'),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

export const pageQuerySchema = listTasksQuerySchema.pick({ limit: true, cursor: true }).strict();
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const taskIdSchema = z.uuid({ message: 'must be a UUID' });

export const moveTaskSchema = z
  .object({
    ...placement,
    projectId: projectId
      .optional()
      .describe(
        'The project to move it to (write rights in both); default: where it is, or where its new neighbour is.',
      ),
    before: z.uuid({ message: 'must be a UUID' }).optional().describe('Place it right before this sibling.'),
    after: z.uuid({ message: 'must be a UUID' }).optional().describe('Place it right after this sibling.'),
  })
  .strict();
export type MoveTaskInput = z.infer<typeof moveTaskSchema>;
requestSchemas.add(moveTaskSchema, {
  id: 'MoveTaskRequest',
  description:
    'Where to put the task: a project, section and parent (each defaults to where it is now, or to where `after`/' +
    '`before` is), and between which siblings. With both `after` and `before` they must be neighbours; with ' +
    'neither it goes last.',
  examples: [
    { sectionId: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a', after: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b' },
  ],
});
