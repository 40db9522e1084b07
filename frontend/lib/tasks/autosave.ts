import type { Task } from '@todo/openapi';
import { draftPatch, validateDraft, type DraftErrors, type TaskDraft } from './validation';

/**
 * Debounced saving for a form that saves as the person types. Saves run one at a time (each one's `If-Match`
 * is the version the one before it produced), a change made during a save is saved after it, and `flush`
 * saves a waiting change at once — closing a form calls it first, so nothing typed is dropped.
 */
export interface Autosave {
  /** A change was made: save it after `delayMs` of quiet (0 saves at the next tick). */
  schedule: (delayMs?: number) => void;
  /** Saves a waiting change now and resolves when every save, including one already running, is done. */
  flush: () => Promise<void>;
  /** Forgets a waiting change (a save already running still finishes). */
  cancel: () => void;
  /** True while a change waits or a save runs. */
  busy: () => boolean;
}

export function createAutosave(save: () => Promise<unknown>, defaultDelayMs: number): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting = false; // a change not yet saved
  let ready = false; // …and its quiet time is over (or a flush asked for it)
  let running: Promise<void> | null = null;

  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const start = (): Promise<void> => {
    running ??= (async () => {
      try {
        while (ready) {
          ready = false;
          waiting = false;
          try {
            await save();
          } catch {
            // The save reports its own failures; the next change tries again.
          }
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    schedule(delayMs = defaultDelayMs) {
      waiting = true;
      stopTimer();
      timer = setTimeout(() => {
        timer = undefined;
        ready = true;
        void start();
      }, delayMs);
    },
    async flush() {
      // A change made while a save runs is saved after it, whether or not its quiet time is over.
      for (;;) {
        stopTimer();
        if (waiting) ready = true;
        if (!running && !ready) return;
        await start();
      }
    },
    cancel() {
      stopTimer();
      waiting = false;
      ready = false;
    },
    busy: () => waiting || running !== null,
  };
}

/** Which fields an error keeps from being saved (a repeat without a due date holds back both). */
const HELD_BACK: Record<keyof TaskDraft, (keyof TaskDraft)[]> = {
  title: ['title'],
  description: ['description'],
  priority: ['priority'],
  tags: ['tags'],
  dueAt: ['dueAt', 'recurrence'],
  remindAt: ['remindAt'],
  recurrence: ['recurrence'],
  assigneeId: ['assigneeId'],
};

/**
 * What an autosave sends: the changed fields that are valid. A field with an error waits (shown next to it)
 * while the others are saved, so an empty title does not hold back the notes typed below it.
 */
export function savablePatch(
  base: Task,
  draft: TaskDraft,
): { patch: ReturnType<typeof draftPatch>; errors: DraftErrors } {
  const errors = validateDraft(draft);
  const patch = draftPatch(base, draft);
  for (const key of Object.keys(errors) as (keyof TaskDraft)[])
    for (const held of HELD_BACK[key]) delete patch[held];
  return { patch, errors };
}
