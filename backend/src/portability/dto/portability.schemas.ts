import { z } from 'zod';
import { instantSchema } from '../../common/instant.js';
import { COMMENT_MAX } from '../../comments/dto/comment.schemas.js';
import { PROJECT_COLORS } from '../../database/schema/projects.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';
import { TASK_PRIORITIES, TASK_RECURRENCES } from '../../tasks/dto/task.schemas.js';

export const EXPORT_VERSION = 1;

const color = z.enum(PROJECT_COLORS).nullable();
const position = z
  .string()
  .max(200)
  .describe('Order among its siblings (byte order); the import keeps the order.');
const instant = z.iso.datetime();

// ---- The export (response) -------------------------------------------------------------------------------------

const exportedTaskSchema = z
  .object({
    id: z.uuid(),
    sectionId: z.uuid().nullable().describe("One of the project's `sections`; null for none."),
    parentId: z
      .uuid()
      .nullable()
      .describe('The task (in the same project) it is a subtask of; null at the top.'),
    position: position.nullable(),
    title: z.string().max(200),
    description: z.string().max(10_000).nullable(),
    completed: z.boolean(),
    completedAt: instant.nullable(),
    priority: z.enum(TASK_PRIORITIES),
    tags: z.array(z.string().max(32)).max(20),
    dueAt: instant.nullable(),
    remindAt: instant.nullable(),
    recurrence: z.enum(TASK_RECURRENCES).nullable(),
    createdAt: instant,
    comments: z
      .array(
        z
          .object({
            id: z.uuid(),
            author: z.object({ id: z.uuid(), name: z.string().max(100) }).strict(),
            body: z.string().max(COMMENT_MAX),
            createdAt: instant,
          })
          .strict(),
      )
      .describe('The task’s comments, oldest first, whoever wrote them.'),
  })
  .strict();

const exportedProjectSchema = z
  .object({
    id: z.uuid(),
    name: z.string().max(120),
    color,
    isInbox: z
      .boolean()
      .describe("Your Inbox: an import adds its sections and tasks to the importer's Inbox."),
    position,
    sections: z.array(z.object({ id: z.uuid(), name: z.string().max(120), position }).strict()),
    tasks: z
      .array(exportedTaskSchema)
      .describe('Every task of the project, subtasks and completed ones included.'),
  })
  .strict();

export const exportSchema = z
  .object({
    version: z
      .literal(EXPORT_VERSION)
      .describe('The format version; changes that break readers get a new one.'),
    exportedAt: instant,
    projects: z
      .array(exportedProjectSchema)
      .describe('The projects you own (not trashed), your Inbox first.'),
  })
  .strict();
export type Export = z.infer<typeof exportSchema>;
export type ExportedProject = Export['projects'][number];
export type ExportedTask = ExportedProject['tasks'][number];

const EXAMPLE = {
  version: 1,
  exportedAt: '2026-12-06T10:00:00.000Z',
  projects: [
    {
      id: '5b7e2c1d-3f4a-4b6c-8d9e-0f1a2b3c4d5e',
      name: 'Home',
      color: 'green',
      isInbox: false,
      position: 'a0',
      sections: [{ id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'This week', position: 'a0' }],
      tasks: [
        {
          id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
          sectionId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          parentId: null,
          position: 'a0',
          title: 'Renew passport',
          description: 'Photos are in the drawer.',
          completed: false,
          completedAt: null,
          priority: 'high',
          tags: ['errands'],
          dueAt: '2026-12-01T09:00:00.000Z',
          remindAt: null,
          recurrence: null,
          createdAt: '2026-11-26T10:00:00.000Z',
          comments: [
            {
              id: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
              author: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Ada' },
              body: 'The photos are in the top drawer.',
              createdAt: '2026-11-27T10:00:00.000Z',
            },
          ],
        },
      ],
    },
  ],
};
responseSchemas.add(exportSchema, {
  id: 'Export',
  description:
    'Everything you own, version 1 (docs/export-format.md): projects with their sections and tasks, tasks with ' +
    'their comments; subtasks ' +
    'point at their parent with `parentId`, order is `position` among siblings.',
  examples: [EXAMPLE],
});

// ---- The import (request) --------------------------------------------------------------------------------------

/** Ids in an import document are references inside it, nothing more: new ids are made. */
const ref = z.string().trim().min(1).max(100);

const importTaskSchema = z
  .object({
    id: ref,
    sectionId: ref.nullable().optional(),
    parentId: ref.nullable().optional(),
    position: position.nullable().optional(),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).nullable().optional(),
    completed: z.boolean().optional(),
    completedAt: instantSchema.nullable().optional(),
    priority: z.enum(TASK_PRIORITIES).optional(),
    tags: z
      .array(z.string().trim().min(1).max(32))
      .max(20)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a tag')
      .optional(),
    dueAt: instantSchema.nullable().optional(),
    remindAt: instantSchema.nullable().optional(),
    recurrence: z.enum(TASK_RECURRENCES).nullable().optional(),
    createdAt: instantSchema.optional(),
    comments: z
      .array(
        z
          .object({
            id: ref.optional(),
            author: z
              .object({ id: z.string().max(100).optional(), name: z.string().max(100).optional() })
              .strict()
              .optional()
              .describe('Who wrote it, as exported; an imported comment is the importing person’s.'),
            body: z.string().trim().min(1).max(COMMENT_MAX),
            createdAt: instantSchema.optional(),
          })
          .strict(),
      )
      .max(1000)
      .optional()
      .describe('Comments, oldest first (version 1 documents written before comments existed have none).'),
  })
  .strict();

const importProjectSchema = z
  .object({
    id: ref.optional(),
    name: z.string().trim().min(1).max(120),
    color: color.optional(),
    isInbox: z.boolean().optional(),
    position: position.nullable().optional(),
    sections: z
      .array(
        z
          .object({
            id: ref,
            name: z.string().trim().min(1).max(120),
            position: position.nullable().optional(),
          })
          .strict(),
      )
      .max(1000)
      .optional(),
    tasks: z.array(importTaskSchema).max(100_000).optional(),
  })
  .strict();

export const importDocumentSchema = z
  .object({
    version: z.literal(EXPORT_VERSION),
    exportedAt: instantSchema.optional(),
    projects: z.array(importProjectSchema).max(1000),
  })
  .strict();
export type ImportDocument = z.infer<typeof importDocumentSchema>;
requestSchemas.add(importDocumentSchema, {
  id: 'ImportDocument',
  description:
    'An export (version 1) to bring back: every project is created anew (an Inbox is added to yours), with new ' +
    'ids; `id`, `sectionId` and `parentId` only link the entries of the document. Order follows `position`, ' +
    'then the order in the document. Or send a Todoist project template as `text/csv` instead.',
  examples: [EXAMPLE],
});

export const importQuerySchema = z
  .object({
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => value === 'true')
      .describe('`true`: check the upload and answer the counts (200) without creating anything.'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .describe(
        'For a CSV: the new project\'s name (default "Imported from Todoist"); not allowed with JSON.',
      ),
  })
  .strict();
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importResultSchema = z
  .object({
    projects: z.int().min(0).describe('Projects created (an Inbox added to yours does not count).'),
    sections: z.int().min(0),
    tasks: z.int().min(0).describe('Tasks created, subtasks included.'),
    dryRun: z.boolean().describe('true when nothing was created (`?dryRun=true`): the counts are a preview.'),
  })
  .strict();
export type ImportResult = z.infer<typeof importResultSchema>;
responseSchemas.add(importResultSchema, {
  id: 'ImportResult',
  description: 'What the import created (or, for a dry run, would create).',
  examples: [{ projects: 2, sections: 3, tasks: 41, dryRun: false }],
});
