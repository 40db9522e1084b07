import { z } from 'zod';
import { responseSchemas } from '../../openapi/registries.js';
import { taskSchema } from '../../tasks/dto/task.schemas.js';

/** A task in the trash: the task as it was, plus when it went there and when the purge erases it. */
export const trashedTaskSchema = taskSchema
  .extend({
    trashedAt: z.iso.datetime().describe('When the task was moved to the trash.'),
    erasesAt: z.iso
      .datetime()
      .describe(
        'When the task will be erased for good unless restored (trashedAt plus the trash retention).',
      ),
  })
  .strict();
export type TrashedTask = z.infer<typeof trashedTaskSchema>;
responseSchemas.add(trashedTaskSchema, { id: 'TrashedTask', description: 'A task in the trash.' });

export const trashPageSchema = z
  .object({
    items: z.array(trashedTaskSchema).max(100),
    nextCursor: z
      .string()
      .max(1000)
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page.'),
  })
  .strict();
export type TrashPage = z.infer<typeof trashPageSchema>;
responseSchemas.add(trashPageSchema, {
  id: 'TrashPage',
  description: 'One page of trashed tasks, most recently trashed first.',
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
          dueAt: null,
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
          trashedAt: '2026-11-27T08:00:00.000Z',
          erasesAt: '2026-12-27T08:00:00.000Z',
        },
      ],
      nextCursor: null,
    },
  ],
});
