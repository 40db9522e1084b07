import type { Task } from '@todo/openapi';

/** What can be taken back. A new kind (a move between projects) is one more name and its own `undo`. */
export type UndoKind = 'complete' | 'delete' | 'edit' | 'move';

export interface UndoAction {
  kind: UndoKind;
  taskId: string;
  /** Resolves true once the change itself is done; false (it was refused) takes the entry off the stack. */
  done: Promise<boolean>;
  /** Takes the change back; resolves true when it did. */
  undo: () => Promise<boolean>;
}

export interface UndoEntry extends UndoAction {
  /** Takes this change back once (later calls, and calls after it was refused, do nothing and give false). */
  run: () => Promise<boolean>;
  readonly used: boolean;
}

/**
 * The changes Ctrl/Cmd+Z takes back, newest first. An entry is there from the moment the change is made, so an
 * undo pressed before the API has answered waits for that answer instead of doing nothing or undoing an older one.
 */
export class UndoStack {
  private entries: UndoEntry[] = [];

  constructor(private readonly limit = 50) {}

  push(action: UndoAction): UndoEntry {
    let used = false;
    const entry: UndoEntry = {
      ...action,
      get used() {
        return used;
      },
      run: async () => {
        if (used) return false;
        used = true;
        this.remove(entry);
        if (!(await action.done)) return false;
        return action.undo();
      },
    };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    void action.done.then((ok) => {
      if (ok) return;
      used = true;
      this.remove(entry);
    });
    return entry;
  }

  /** The newest change not yet taken back, if any. */
  peek(): UndoEntry | undefined {
    return this.entries.at(-1);
  }

  /** Takes back the newest change; false when there is none. */
  undoLast(): Promise<boolean> | false {
    const entry = this.entries.at(-1);
    return entry ? entry.run() : false;
  }

  get size(): number {
    return this.entries.length;
  }

  private remove(entry: UndoEntry) {
    this.entries = this.entries.filter((e) => e !== entry);
  }
}

type EditableField =
  'title' | 'description' | 'priority' | 'tags' | 'dueAt' | 'remindAt' | 'recurrence' | 'assigneeId';

/**
 * The update that takes an edit back: the fields it changed as they were `before` it. Null when any of them no
 * longer holds what the edit saved (`after`): a later change, here or on another device, is not overwritten.
 */
export function undoEditPatch(
  current: Task,
  before: Task,
  after: Task,
  edit: Partial<Pick<Task, EditableField>>,
): Partial<Pick<Task, EditableField>> | null {
  const keys = Object.keys(edit) as EditableField[];
  if (!keys.length || !keys.every((k) => sameValue(current[k], after[k]))) return null;
  return Object.fromEntries(keys.map((k) => [k, before[k]]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.join('\u0000') === b.join('\u0000');
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d\d-\d\dT/.test(a))
    return new Date(a).getTime() === new Date(b).getTime();
  return a === b;
}
