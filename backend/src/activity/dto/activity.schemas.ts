import { z } from 'zod';
import { ACTIVITY_ACTIONS } from '../../events/activity-log.js';
import { responseSchemas } from '../../openapi/registries.js';

const change = z
  .object({
    from: z.unknown().describe('The value before (as the API shows it; instants as ISO strings).'),
    to: z.unknown().describe('The value after.'),
  })
  .strict();

export const activityEntrySchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime().describe('When the change was committed (its transaction’s time).'),
    actor: z
      .object({ id: z.uuid(), name: z.string().max(100) })
      .strict()
      .describe('Who made the change; for `member.joined`, who joined.'),
    action: z.enum(ACTIVITY_ACTIONS),
    taskId: z
      .uuid()
      .nullable()
      .describe('The task concerned (task and comment entries); null for the others.'),
    changes: z
      .record(z.string().max(40), change)
      .describe(
        'Each changed field with `{ from, to }` (updates, moves, completions, role changes); empty for the others.',
      ),
  })
  .strict();
export type ActivityEntryView = z.infer<typeof activityEntrySchema>;
const example: ActivityEntryView = {
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  at: '2026-12-06T10:00:00.000Z',
  actor: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Ada' },
  action: 'task.updated',
  taskId: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
  changes: { title: { from: 'Renew passport', to: 'Renew passport and ID' } },
};
responseSchemas.add(activityEntrySchema, {
  id: 'ActivityEntry',
  description: 'One change in a project.',
  examples: [example],
});

export const activityPageSchema = z
  .object({
    items: z.array(activityEntrySchema).max(100),
    nextCursor: z
      .string()
      .max(1000)
      .nullable()
      .describe('Pass as `cursor` to get the next (older) page; null on the last page.'),
  })
  .strict();
export type ActivityPage = z.infer<typeof activityPageSchema>;
responseSchemas.add(activityPageSchema, {
  id: 'ActivityPage',
  description: 'A page of a project’s activity, newest first.',
  examples: [{ items: [example], nextCursor: null }],
});
