import { z } from 'zod';
import { responseSchemas } from '../../openapi/registries.js';
import { PROJECT_ROLES } from '../../database/schema/projects.js';
import { projectSchema } from '../../projects/dto/project.schemas.js';
import { taskSchema } from '../../tasks/dto/task.schemas.js';
import type { ProjectEventType, TaskEventType } from '../../events/task-event-log.js';

export const TASK_EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
] as const satisfies readonly TaskEventType[];

export const PROJECT_EVENT_TYPES = [
  'project.updated',
  'project.deleted',
  'member.added',
  'member.removed',
  'comment.created',
] as const satisfies readonly ProjectEventType[];

/** The JSON in each event's `data:` line; `event:` repeats `type`. Clients ignore types they do not know. */
export const taskEventSchema = z
  .object({
    type: z
      .enum([...TASK_EVENT_TYPES, ...PROJECT_EVENT_TYPES, 'reset', 'reauthenticate'])
      .describe(
        'What happened; `reset` means: refetch your tasks; `reauthenticate` (the last event of a stream) means: ' +
          'the credential that opened it expired or was revoked; reconnect with a valid one and Last-Event-ID.',
      ),
    projectId: z
      .uuid()
      .optional()
      .describe(
        'The project the event belongs to (absent on `reset`, `reauthenticate`, and on task events recorded ' +
          'before projects had events).',
      ),
    taskId: z
      .uuid()
      .optional()
      .describe('The task concerned, on task events and `comment.created` (absent on the others).'),
    task: taskSchema
      .nullable()
      .optional()
      .describe(
        'The task as it is now, on created/updated/restored; null if it has been trashed, erased or moved to ' +
          'another project since (a later event says so). Absent on deletes and the other types.',
      ),
    project: projectSchema
      .optional()
      .describe('On `project.updated`: the project as it is now, `role` being yours.'),
    member: z
      .object({
        userId: z.uuid(),
        name: z.string().max(100),
        role: z.enum(PROJECT_ROLES),
      })
      .strict()
      .optional()
      .describe('On `member.added`: who joined, with their role.'),
    userId: z.uuid().optional().describe('On `member.removed`: who left or was removed.'),
    commentId: z.uuid().optional().describe('On `comment.created`: the new comment.'),
    reason: z
      .string()
      .max(200)
      .optional()
      .describe('Why a `reset` was sent; on `reauthenticate`, `expired` or `revoked`.'),
  })
  .strict();
export type TaskEvent = z.infer<typeof taskEventSchema>;
responseSchemas.add(taskEventSchema, {
  id: 'TaskEvent',
  description: 'The payload of one server-sent event of streamTaskEvents.',
});
