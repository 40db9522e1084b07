'use client';

import type { Task } from '@todo/openapi';
import { useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { fromLocalInput, toLocalInput } from '@/lib/tasks/dates';
import { suggestTags } from '@/lib/tasks/filters';
import { addTags, type TaskDraft } from '@/lib/tasks/validation';
import { Icon } from '@/components/ui/icons';
import { AssigneePicker } from './assignee-picker';
import { ConflictNotice } from './conflict-notice';
import { TaskComments } from './task-comments';
import { useAutosavedDraft, type SaveState } from './use-autosaved-draft';
import type { EditPatch, EditResult } from './use-tasks';

/** What the board asks of an open panel before it closes it or opens another task. */
export interface TaskDetailHandle {
  /** Saves what waits; false when that save met someone else's change (the panel stays to show both). */
  flush: () => Promise<boolean>;
}
import { useModalSheet } from '@/components/ui/use-modal-sheet';

interface Props {
  task: Task;
  /** The signed-in person (their own comments can be deleted). */
  userId?: string | null;
  allTags: string[];
  conflict: Task | null;
  onSave: (base: Task, patch: EditPatch) => Promise<EditResult>;
  onClose: () => void;
  onTrash: (task: Task) => void;
  /** In a project the person only views: the fields are shown, not editable, with no revert or trash. */
  readOnly?: boolean;
  ref?: React.Ref<TaskDetailHandle>;
}

const SAVE_TEXT: Record<SaveState, string> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  queued: 'Not saved yet: kept on this device',
  invalid: 'Not saved: see the marked field',
  error: 'Not saved',
  conflict: 'Not saved: changed elsewhere',
};

/**
 * The detail panel: a non-modal side panel on wide screens, a modal full-height sheet on phones. Every change is
 * saved as it is made (see useAutosavedDraft); closing saves what still waits first.
 */
export function TaskDetail({
  task,
  userId,
  allTags,
  conflict,
  onSave,
  onClose,
  onTrash,
  readOnly = false,
  ref,
}: Props) {
  const id = useId();
  const { draft, errors, state, set, revert, canRevert, mine, keepMine, flush } = useAutosavedDraft(
    task,
    onSave,
  );
  const [tagInput, setTagInput] = useState('');
  // A conflict the person has answered ("Use my version") is no longer shown.
  const [answered, setAnswered] = useState<number | null>(null);
  const otherConflict = conflict && conflict.version !== answered ? conflict : null;
  const titleRef = useRef<HTMLTextAreaElement>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const modal = useModalSheet(sheetRef);

  /** Saves what waits, a typed tag not yet added included. */
  const flushAll = useCallback(async () => {
    if (tagInput.trim()) {
      set('tags', addTags(draft.tags, tagInput), true);
      setTagInput('');
    }
    return flush();
  }, [tagInput, draft.tags, set, flush]);
  useImperativeHandle(ref, () => ({ flush: flushAll }), [flushAll]);

  const close = async () => {
    if (await flushAll()) onClose();
  };

  useEffect(() => {
    // On a touch screen a focused text field pops up the keyboard over half the sheet: focus the sheet itself.
    if (window.matchMedia?.('(pointer: coarse)').matches) sheetRef.current?.focus();
    else titleRef.current?.focus();
  }, [task.id]);

  const suggestions = suggestTags(allTags, draft.tags, tagInput);
  const err = (k: keyof TaskDraft) =>
    errors[k] ? (
      <p id={`${id}-${k}-err`} className="mt-1 text-sm text-danger">
        {errors[k]}
      </p>
    ) : null;
  const described = (k: keyof TaskDraft) =>
    errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${k}-err` } : {};

  return (
    <section
      ref={sheetRef}
      tabIndex={-1}
      role="dialog"
      aria-modal={modal}
      aria-labelledby={`${id}-heading`}
      data-testid="task-detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          void close();
        }
      }}
      // On phones the sheet ends above the toasts (--toast-inset is their height), so they never cover its buttons.
      className="fixed inset-x-0 top-0 bottom-[var(--toast-inset,0px)] z-40 flex flex-col overflow-y-auto bg-surface p-4 outline-none lg:bottom-auto lg:static lg:z-auto lg:max-h-[calc(100dvh-7rem)] lg:rounded-2xl lg:border lg:border-border lg:p-5 lg:sticky lg:top-20"
    >
      <div className="mb-4 flex items-center gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          Task details
        </h2>
        {/* Announced politely: the person hears "Saved" without losing their place. */}
        <p
          role="status"
          data-testid="save-state"
          data-state={state}
          className={`ml-auto text-sm ${state === 'error' || state === 'conflict' || state === 'invalid' ? 'text-danger' : 'text-muted'}`}
        >
          {SAVE_TEXT[state]}
        </p>
        <button
          type="button"
          className="btn-ghost h-11 w-11 shrink-0 px-0"
          onClick={() => void close()}
          aria-label="Close details"
        >
          <Icon name="x" />
        </button>
      </div>

      {mine || otherConflict ? (
        <ConflictNotice
          theirs={mine?.fresh ?? otherConflict!}
          mine={mine?.patch ?? null}
          onKeepMine={() => {
            setAnswered(mine!.fresh.version);
            keepMine();
          }}
        />
      ) : null}

      {readOnly ? (
        <p className="mb-4 text-sm text-muted" data-testid="viewer-note">
          You can view this task. Only its project’s owner and editors can change it.
        </p>
      ) : null}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void close();
        }}
        noValidate
        className="flex flex-1 flex-col gap-4"
      >
        {/* A viewer's fields: disabled, so nothing can be typed, picked or saved (the API would answer 403). */}
        <fieldset disabled={readOnly} className="contents">
          <div>
            <label className="label" htmlFor={`${id}-title`}>
              Title
            </label>
            {/* A one-line title that grows with its text; Enter saves and closes, as in a single-line field. */}
            <textarea
              ref={titleRef}
              id={`${id}-title`}
              className="field field-sizing-content min-h-11 resize-none py-2.5 leading-6"
              rows={1}
              dir="auto"
              value={draft.title}
              onChange={(e) => set('title', e.target.value.replace(/\r?\n/g, ' '))}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              {...described('title')}
            />
            {err('title')}
          </div>
          <div>
            <label className="label" htmlFor={`${id}-desc`}>
              Notes
            </label>
            <textarea
              id={`${id}-desc`}
              className="field min-h-28 py-2"
              dir="auto"
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
              placeholder="Links, details, the first step…"
              {...described('description')}
            />
            {err('description')}
          </div>
          <fieldset>
            <legend className="label">Priority</legend>
            <div className="grid grid-cols-3 gap-2">
              {(['low', 'medium', 'high'] as const).map((p) => (
                <label
                  key={p}
                  className={`btn cursor-pointer border ${draft.priority === p ? 'border-accent bg-accent-soft text-accent' : 'border-border'}`}
                >
                  <input
                    type="radio"
                    className="sr-only"
                    name={`${id}-priority`}
                    value={p}
                    checked={draft.priority === p}
                    onChange={() => set('priority', p, true)}
                  />
                  {p[0]!.toUpperCase() + p.slice(1)}
                </label>
              ))}
            </div>
          </fieldset>
          <AssigneePicker
            id={`${id}-assignee`}
            projectId={task.projectId}
            value={draft.assigneeId}
            onChange={(assigneeId) => set('assigneeId', assigneeId, true)}
          />
          <div>
            <label className="label" htmlFor={`${id}-tags`}>
              Tags
            </label>
            {draft.tags.length ? (
              <ul className="mb-2 flex flex-wrap gap-1.5" aria-label="Current tags">
                {draft.tags.map((t) => (
                  <li key={t}>
                    <button
                      type="button"
                      className="chip min-h-8 bg-accent-soft text-accent hover:opacity-80"
                      onClick={() =>
                        set(
                          'tags',
                          draft.tags.filter((x) => x !== t),
                          true,
                        )
                      }
                      aria-label={`Remove tag ${t}`}
                    >
                      #{t} <Icon name="x" className="h-3 w-3" />
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <input
              id={`${id}-tags`}
              className="field"
              value={tagInput}
              placeholder="Add a tag and press Enter"
              onChange={(e) => setTagInput(e.target.value)}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === ',') && tagInput.trim()) {
                  e.preventDefault();
                  set('tags', addTags(draft.tags, tagInput), true);
                  setTagInput('');
                }
              }}
              aria-describedby={`${id}-tags-hint${errors.tags ? ` ${id}-tags-err` : ''}`}
            />
            <p id={`${id}-tags-hint`} className="sr-only">
              Press Enter or comma to add. Suggestions from your other tasks follow.
            </p>
            {suggestions.length ? (
              <div className="mt-2 flex flex-wrap gap-1.5" aria-label="Tag suggestions" role="group">
                {suggestions.map((t) => (
                  <button
                    key={t}
                    type="button"
                    className="chip min-h-8 border border-border text-muted hover:bg-surface-2"
                    onClick={() => {
                      set('tags', addTags(draft.tags, t), true);
                      setTagInput('');
                    }}
                  >
                    + #{t}
                  </button>
                ))}
              </div>
            ) : null}
            {err('tags')}
          </div>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1">
            <div>
              <label className="label" htmlFor={`${id}-due`}>
                Due
              </label>
              <input
                id={`${id}-due`}
                type="datetime-local"
                className="field"
                value={toLocalInput(draft.dueAt)}
                onChange={(e) => set('dueAt', fromLocalInput(e.target.value))}
                {...described('dueAt')}
              />
              {err('dueAt')}
            </div>
            <div>
              <label className="label" htmlFor={`${id}-remind`}>
                Remind me
              </label>
              <input
                id={`${id}-remind`}
                type="datetime-local"
                className="field"
                value={toLocalInput(draft.remindAt)}
                onChange={(e) => set('remindAt', fromLocalInput(e.target.value))}
                {...described('remindAt')}
              />
              {err('remindAt')}
            </div>
          </div>
          <div>
            <label className="label" htmlFor={`${id}-repeat`}>
              Repeat
            </label>
            <select
              id={`${id}-repeat`}
              className="field"
              value={draft.recurrence ?? ''}
              onChange={(e) => set('recurrence', (e.target.value || null) as Task['recurrence'], true)}
            >
              <option value="">Does not repeat</option>
              <option value="daily">Every day</option>
              <option value="weekly">Every week</option>
              <option value="monthly">Every month</option>
            </select>
            <p className="mt-1 text-xs text-muted">
              Completing a repeating task adds the next one, due one period later.
            </p>
          </div>
        </fieldset>
        <div className="mt-auto flex flex-wrap items-center gap-2 border-t border-border pt-4">
          {/* Changes are already saved; Done closes (after any save still waiting). */}
          <button type="submit" className="btn-primary">
            Done
          </button>
          {readOnly ? null : (
            <>
              <button
                type="button"
                className="btn-ghost"
                onClick={revert}
                disabled={!canRevert}
                title="Put back the values this task had when you opened it"
              >
                Revert changes
              </button>
              <button
                type="button"
                className="btn-ghost ml-auto text-danger"
                onClick={() => void flushAll().then(() => onTrash(task))}
              >
                <Icon name="trash" /> Move to trash
              </button>
            </>
          )}
        </div>
      </form>
      <TaskComments taskId={task.id} projectId={task.projectId} userId={userId} />
    </section>
  );
}
