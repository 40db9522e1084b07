import type { CreateTaskInput, Task, UpdateTaskInput } from './dto/task.schemas.js';

/** At most this many items in one batch: one transaction holds their row locks until it commits. */
export const MAX_BATCH_ITEMS = 50;

/** One write of a batch, already validated by the REST schemas (createTaskSchema, updateTaskSchema). */
export type TaskWrite =
  | { kind: 'create'; input: CreateTaskInput }
  | { kind: 'update'; id: string; input: UpdateTaskInput; version?: number }
  | { kind: 'complete'; id: string; version?: number };

/** What one write did: `changed` is false only for a completion of a task that was already completed. */
export interface TaskWritten {
  task: Task;
  changed: boolean;
}

/**
 * A batch item failed, so the transaction rolled back and nothing of the batch was written. `cause` is what the same
 * write alone would have thrown (NotFound, PreconditionFailed, ValidationFailed of a placement rule...).
 */
export class TaskBatchFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`Batch item ${index} failed; nothing of the batch was written.`);
  }
}
