import { checkQuickAdd, type QuickAddCheck } from '@todo/quick-add';
import { ValidationFailed } from '../common/app-errors.js';
import { validate } from '../common/validate.js';
import { type CreateTaskInput, createTaskSchema } from './dto/task.schemas.js';
import type { QuickAddTaskInput } from './dto/quick-add.schemas.js';
import type { PlaceIds } from './quick-add-places.js';

/** Quick-add text read at `now` in the given time zone (UTC without one); `places`: also `+Project`, `/Section`. */
export function readQuickAdd(input: QuickAddTaskInput, now: Date, places: boolean): QuickAddCheck {
  return checkQuickAdd(input.text, { now, timeZone: input.timeZone ?? 'UTC', places });
}

/**
 * The create request read quick-add text stands for, by the same parser as the web app's quick add, filed where
 * `place` says (resolved from its `+Project` / `/Section`). Anything the text cannot become is a 400 naming `text`.
 */
export function quickAddToCreate(read: QuickAddCheck, place: PlaceIds = {}): CreateTaskInput {
  const { task, error } = read;
  if (error) throw new ValidationFailed([{ path: 'text', message: error }]);
  if (task.tags.length > 20) {
    throw new ValidationFailed([{ path: 'text', message: 'has more than 20 #tags; a task has at most 20' }]);
  }
  return validate(createTaskSchema, {
    title: task.title,
    tags: task.tags,
    priority: task.priority,
    dueAt: task.dueAt,
    recurrence: task.recurrence,
    ...place,
  });
}

/**
 * What a retry with the same Idempotency-Key must repeat: the text and the zone it is read in, the zone spelled
 * canonically, so that leaving it out and sending "UTC", or "europe/berlin" and "Europe/Berlin", are one request.
 */
export function quickAddRequest(input: QuickAddTaskInput) {
  const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: input.timeZone ?? 'UTC' }).resolvedOptions()
    .timeZone;
  return { quickAdd: { text: input.text, timeZone } };
}
