'use client';

import type { Task } from '@todo/openapi';
import { memo, useEffect, useRef, useState } from 'react';
import { dueLabel, dueTone, recurrenceLabel } from '@/lib/tasks/dates';
import { validateTitle } from '@/lib/tasks/validation';
import { AssigneeAvatar } from '@/components/ui/avatar';
import { Icon } from '@/components/ui/icons';
import { useOutboxView, type QueuedState } from './use-outbox';

/** What a row reports back to the list it is in. */
export type TaskRowHandlers = Pick<
  Props,
  'onSelect' | 'onToggle' | 'onOpen' | 'onTrash' | 'onStartEdit' | 'onRename'
>;

interface Props {
  task: Task;
  /** Its place in the list, and the list's measuring callback when the list is virtualised. */
  index?: number;
  measureRef?: (el: HTMLElement | null) => void;
  now: Date;
  selected: boolean;
  /** The one row of the list in the Tab order; its buttons are reached with → and ←. */
  tabStop: boolean;
  editing: boolean;
  /** Just added here: a highlight that fades, so the eye finds where it landed. */
  justAdded?: boolean;
  /** In a project the person only views: no complete, rename or trash controls (the API would answer 403). */
  readOnly?: boolean;
  onSelect: (id: string) => void;
  onToggle: (task: Task) => void;
  onOpen: (id: string) => void;
  onTrash: (task: Task) => void;
  onStartEdit: (id: string | null) => void;
  onRename: (task: Task, title: string) => void;
}

const TONE: Record<string, string> = {
  overdue: 'bg-danger-soft text-danger',
  today: 'bg-warn-soft text-warn',
  soon: 'bg-accent-soft text-accent',
  later: 'bg-surface-2 text-muted',
  done: 'bg-surface-2 text-muted',
};

const PRIORITY: Record<Task['priority'], { label: string; dot: string }> = {
  high: { label: 'High priority', dot: 'bg-danger' },
  medium: { label: 'Medium priority', dot: 'bg-warn' },
  low: { label: 'Low priority', dot: 'bg-muted' },
};

export const TaskRow = memo(function TaskRow(p: Props) {
  const { task, now, selected, tabStop, editing } = p;
  const rowRef = useRef<HTMLLIElement>(null);
  const pending = task.id.startsWith('temp-');
  const outbox = useOutboxView();
  const queued = outbox.stateOf(task.id);
  // Pending (not created yet) or read-only (the board shows the browser's copy): no changes from this row.
  const locked = pending || outbox.readOnly;
  const tone = dueTone(task, now);
  const due = dueLabel(task, now);
  const repeat = recurrenceLabel(task.recurrence);

  // A row that comes (back) into a virtualised list already selected takes focus only if nothing has it.
  const mounted = useRef(false);
  useEffect(() => {
    const first = !mounted.current;
    mounted.current = true;
    if (!selected || editing || !rowRef.current || rowRef.current.contains(document.activeElement)) return;
    if (first && p.measureRef && document.activeElement && document.activeElement !== document.body) return;
    rowRef.current.focus({ preventScroll: false });
    // p.measureRef only tells whether the list is virtualised, read on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, editing]);

  return (
    <li
      ref={(el) => {
        rowRef.current = el;
        p.measureRef?.(el);
      }}
      data-index={p.index}
      tabIndex={tabStop ? 0 : -1}
      data-testid="task-row"
      data-task-id={task.id}
      data-selected={selected || undefined}
      data-just-added={p.justAdded || undefined}
      aria-busy={(pending && !queued) || undefined}
      data-unsaved={queued}
      aria-current={selected ? 'true' : undefined}
      onFocus={() => p.onSelect(task.id)}
      onKeyDown={(e) => {
        if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && !editing) {
          const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('input, button')].filter(
            (c) => !(c as HTMLButtonElement).disabled,
          );
          const at = controls.indexOf(document.activeElement as HTMLElement);
          const next =
            e.key === 'ArrowRight' ? controls[at + 1] : at === 0 ? e.currentTarget : controls[at - 1];
          if (next) {
            e.preventDefault();
            next.focus();
          }
        } else if (e.key === 'Enter' && e.target === e.currentTarget) {
          e.preventDefault();
          p.onOpen(task.id);
        }
      }}
      className={`group flex items-start gap-3 rounded-xl border px-3 py-2 transition-colors sm:px-4 ${
        selected ? 'border-accent bg-accent-soft/40' : 'border-border bg-surface hover:border-muted/40'
      } ${pending ? 'opacity-70' : ''} ${p.justAdded ? 'row-just-added' : ''}`}
    >
      {p.readOnly ? (
        <span
          className={`flex h-11 w-11 shrink-0 items-center justify-center -ml-2 ${task.completed ? 'text-ok' : 'text-muted'}`}
          data-testid="read-only-mark"
        >
          {task.completed ? (
            <Icon name="check" className="h-5 w-5" />
          ) : (
            <span aria-hidden="true" className="h-5 w-5 rounded-full border-2 border-current" />
          )}
        </span>
      ) : (
        <label className="flex h-11 w-11 shrink-0 cursor-pointer items-center justify-center -ml-2">
          <input
            type="checkbox"
            className="h-5 w-5 cursor-pointer accent-accent"
            tabIndex={-1}
            checked={task.completed}
            disabled={locked}
            onChange={() => p.onToggle(task)}
            aria-label={`${task.completed ? 'Reopen' : 'Complete'} “${task.title}”`}
          />
        </label>
      )}
      <div className="min-w-0 flex-1 py-2">
        {editing && !p.readOnly ? (
          <InlineTitle
            task={task}
            onDone={(title) => (title === null ? p.onStartEdit(null) : p.onRename(task, title))}
          />
        ) : (
          <button
            type="button"
            tabIndex={-1}
            className={`block w-full text-left text-[0.95rem] leading-snug break-words ${task.completed ? 'text-muted line-through' : 'text-fg'}`}
            onClick={() => p.onOpen(task.id)}
            onDoubleClick={() => !outbox.readOnly && !p.readOnly && p.onStartEdit(task.id)}
            disabled={pending}
            aria-label={`${task.title}${task.completed ? ', completed' : ''}. Open details`}
            dir="auto"
          >
            {task.title}
          </button>
        )}
        {due || repeat || task.tags.length || task.priority !== 'medium' || task.description ? (
          <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
            {task.priority !== 'medium' ? (
              <span className="chip bg-surface-2 text-muted">
                <span aria-hidden="true" className={`h-2 w-2 rounded-full ${PRIORITY[task.priority].dot}`} />
                {PRIORITY[task.priority].label}
              </span>
            ) : null}
            {due ? <span className={`chip ${TONE[tone ?? 'later']}`}>{due}</span> : null}
            {repeat ? (
              <span className="chip bg-surface-2 text-muted">
                <Icon name="repeat" className="h-3.5 w-3.5" />
                {repeat}
              </span>
            ) : null}
            {task.remindAt && !task.completed ? (
              <span className="chip bg-surface-2 text-muted">
                <Icon name="bell" className="h-3.5 w-3.5" />
                Reminder
              </span>
            ) : null}
            {task.tags.map((t) => (
              <span key={t} className="chip bg-accent-soft text-accent">
                #{t}
              </span>
            ))}
            {task.description ? (
              <span className="chip text-muted">
                <Icon name="notes" className="h-3.5 w-3.5" />
                Notes
              </span>
            ) : null}
          </div>
        ) : null}
        {queued ? <Unsaved state={queued} title={task.title} onRetry={outbox.retry} /> : null}
      </div>
      {task.assigneeId ? (
        <span className="flex h-11 shrink-0 items-center">
          <AssigneeAvatar projectId={task.projectId} assigneeId={task.assigneeId} />
        </span>
      ) : null}
      {p.readOnly ? null : (
        <RowControls task={task} locked={locked} onStartEdit={p.onStartEdit} onTrash={p.onTrash} />
      )}
    </li>
  );
});

/** Rename and trash, shown on hover, focus or selection. */
function RowControls({
  task,
  locked,
  onStartEdit,
  onTrash,
}: Pick<Props, 'task' | 'onStartEdit' | 'onTrash'> & { locked: boolean }) {
  return (
    <div className="flex shrink-0 items-center gap-1 pt-0 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100 sm:group-data-selected:opacity-100">
      <button
        type="button"
        tabIndex={-1}
        className="btn-ghost h-11 w-11 px-0"
        onClick={() => onStartEdit(task.id)}
        aria-label={`Rename “${task.title}”`}
        disabled={locked}
      >
        <Icon name="pencil" />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="btn-ghost h-11 w-11 px-0 text-danger"
        onClick={() => onTrash(task)}
        aria-label={`Move “${task.title}” to trash`}
        disabled={locked}
      >
        <Icon name="trash" />
      </button>
    </div>
  );
}

function InlineTitle({ task, onDone }: { task: Task; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(task.title);
  const [error, setError] = useState<string | undefined>();
  const done = useRef(false);
  const commit = () => {
    if (done.current) return;
    const message = validateTitle(value);
    if (message) return setError(message);
    done.current = true;
    onDone(value.trim() === task.title ? null : value.trim());
  };
  return (
    <div>
      <input
        autoFocus
        className="field"
        dir="auto"
        value={value}
        aria-label="Task title"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `title-err-${task.id}` : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            done.current = true;
            onDone(null);
          }
        }}
        onBlur={commit}
      />
      {error ? (
        <p id={`title-err-${task.id}`} role="alert" className="mt-1 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A change of this task that the API has not got yet: what is true about it, and a way to try again now. */
function Unsaved({ state, title, onRetry }: { state: QueuedState; title: string; onRetry: () => void }) {
  return (
    <p className="mt-1.5 flex flex-wrap items-center gap-x-2 text-sm text-warn" data-testid="unsaved">
      {state === 'stuck' ? (
        <>
          <span>Not saved · kept on this device</span>
          <button
            type="button"
            className="btn-ghost min-h-11 px-2 font-semibold text-accent"
            onClick={onRetry}
            aria-label={`Retry saving “${title}”`}
          >
            Retry
          </button>
        </>
      ) : (
        <span>Not saved yet · retrying when the server is back</span>
      )}
    </p>
  );
}
