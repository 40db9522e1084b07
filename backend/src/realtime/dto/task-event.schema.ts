import { z } from 'zod';
import { responseSchemas } from '../../openapi/registries.js';
import { taskSchema } from '../../tasks/dto/task.schemas.js';
import type { TaskEventType } from '../../events/task-event-log.js';

export const TASK_EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
] as const satisfies readonly TaskEventType[];

/** The JSON in each event's `data:` line; `event:` repeats `type`. */
export const taskEventSchema = z
  .object({
    type: z
      .enum([...TASK_EVENT_TYPES, 'reset', 'reauthenticate'])
      .describe(
        'What happened; `reset` means: refetch your tasks; `reauthenticate` (the last event of a stream) means: ' +
          'the credential that opened it expired or was revoked; reconnect with a valid one and Last-Event-ID.',
      ),
    taskId: z.uuid().optional().describe('The task concerned (absent on `reset` and `reauthenticate`).'),
    task: taskSchema
      .nullable()
      .optional()
      .describe(
        'The task as it is now, on created/updated/restored; null if it has been trashed or erased since ' +
          '(a later event says so). Absent on deletes, resets and reauthenticate.',
      ),
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
