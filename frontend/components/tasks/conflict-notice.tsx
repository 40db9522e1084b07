import type { Task } from '@todo/openapi';
import type { EditPatch } from './use-tasks';

const FIELD_LABEL: Record<keyof EditPatch, string> = {
  title: 'Title',
  description: 'Notes',
  priority: 'Priority',
  tags: 'Tags',
  dueAt: 'Due',
  remindAt: 'Reminder',
  recurrence: 'Repeat',
  assigneeId: 'Assigned to',
};

interface Props {
  /** The newer version the form now shows. */
  theirs: Task;
  /** What the person had changed when their save met it; null when the conflict came from elsewhere. */
  mine: EditPatch | null;
  onKeepMine: () => void;
}

/** Both versions after a save met someone else's change: theirs in the form, the person's listed here. */
export function ConflictNotice({ theirs, mine, onKeepMine }: Props) {
  return (
    <div
      role="alert"
      className="mb-4 rounded-lg bg-warn-soft px-3 py-2 text-sm text-warn"
      data-testid="conflict-message"
    >
      <p>
        Someone else changed this task while you were editing. The form now shows their version (v
        {theirs.version}){mine ? '; yours was:' : '; make your change again if it is still needed.'}
      </p>
      {mine ? (
        <>
          <dl className="mt-1" data-testid="conflict-mine">
            {(Object.keys(mine) as (keyof EditPatch)[]).map((k) => (
              <div key={k} className="flex gap-1">
                <dt className="font-medium">{FIELD_LABEL[k]}:</dt>
                <dd className="min-w-0 break-words">{shown(mine[k])}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="btn mt-2 border border-warn" onClick={onKeepMine}>
            Use my version
          </button>
        </>
      ) : null}
    </div>
  );
}

function shown(value: unknown): string {
  if (value === null || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.map((t) => `#${t}`).join(' ') : '(none)';
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value).toLocaleString();
  return String(value);
}
