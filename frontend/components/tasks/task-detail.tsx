'use client';

import type { Task } from '@todo/openapi';
import { useEffect, useId, useRef, useState } from 'react';
import { fromLocalInput, toLocalInput } from '@/lib/tasks/dates';
import { suggestTags } from '@/lib/tasks/filters';
import {
  addTags,
  draftFromTask,
  draftPatch,
  validateDraft,
  type DraftErrors,
  type TaskDraft,
} from '@/lib/tasks/validation';
import { Icon } from '@/components/ui/icons';
import { useModalSheet } from '@/components/ui/use-modal-sheet';

interface Props {
  task: Task;
  allTags: string[];
  conflict: Task | null;
  onSave: (task: Task, patch: ReturnType<typeof draftPatch>) => Promise<'ok' | 'conflict' | 'error'>;
  onClose: () => void;
  onTrash: (task: Task) => void;
}

/** The detail panel: a non-modal side panel on wide screens, a modal full-height sheet on phones. */
export function TaskDetail({ task, allTags, conflict, onSave, onClose, onTrash }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<TaskDraft>(() => draftFromTask(task));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [tagInput, setTagInput] = useState('');
  const [saving, setSaving] = useState(false);
  const titleRef = useRef<HTMLTextAreaElement>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const modal = useModalSheet(sheetRef);
  // `base` is the version this edit started from: the patch is computed against it and sent as If-Match.
  const [base, setBase] = useState(task);
  const dirty = Object.keys(draftPatch(base, draft)).length > 0;
  if (conflict && conflict.version !== base.version) {
    // 412: show the fresh version the server has.
    setBase(conflict);
    setDraft(draftFromTask(conflict));
  } else if (!conflict && !saving && !dirty && task.version > base.version) {
    // A live update while the person is only looking: follow it.
    setBase(task);
    setDraft(draftFromTask(task));
  }

  useEffect(() => {
    // On a touch screen a focused text field pops up the keyboard over half the sheet: focus the sheet itself.
    if (window.matchMedia?.('(pointer: coarse)').matches) sheetRef.current?.focus();
    else titleRef.current?.focus();
  }, [task.id]);

  const set = <K extends keyof TaskDraft>(key: K, value: TaskDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const withTyped = tagInput.trim() ? { ...draft, tags: addTags(draft.tags, tagInput) } : draft;
    const errs = validateDraft(withTyped);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const patch = draftPatch(base, withTyped);
    if (!Object.keys(patch).length) return onClose();
    setSaving(true);
    // If-Match carries the version this edit started from, so a change made meanwhile is a 412, not lost.
    const result = await onSave({ ...task, version: base.version }, patch);
    setSaving(false);
    if (result === 'ok') onClose();
  };

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
          onClose();
        }
      }}
      // On phones the sheet ends above the toasts (--toast-inset is their height), so they never cover its buttons.
      className="fixed inset-x-0 top-0 bottom-[var(--toast-inset,0px)] z-40 flex flex-col overflow-y-auto bg-surface p-4 outline-none lg:bottom-auto lg:static lg:z-auto lg:max-h-[calc(100dvh-7rem)] lg:rounded-2xl lg:border lg:border-border lg:p-5 lg:sticky lg:top-20"
    >
      <div className="mb-4 flex items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          Task details
        </h2>
        <button
          type="button"
          className="btn-ghost h-11 w-11 px-0"
          onClick={onClose}
          aria-label="Close details"
        >
          <Icon name="x" />
        </button>
      </div>

      {conflict ? (
        <p
          role="alert"
          className="mb-4 rounded-lg bg-warn-soft px-3 py-2 text-sm text-warn"
          data-testid="conflict-message"
        >
          Someone else changed this task while you were editing. The form now shows their version (v
          {conflict.version}); make your change again if it is still needed.
        </p>
      ) : null}

      <form onSubmit={submit} noValidate className="flex flex-1 flex-col gap-4">
        <div>
          <label className="label" htmlFor={`${id}-title`}>
            Title
          </label>
          {/* A one-line title that grows with its text; Enter saves, as it would in a single-line field. */}
          <textarea
            ref={titleRef}
            id={`${id}-title`}
            className="field field-sizing-content min-h-11 resize-none py-2.5 leading-6"
            rows={1}
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
                  onChange={() => set('priority', p)}
                />
                {p[0]!.toUpperCase() + p.slice(1)}
              </label>
            ))}
          </div>
        </fieldset>
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
                set('tags', addTags(draft.tags, tagInput));
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
                    set('tags', addTags(draft.tags, t));
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
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
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
            onChange={(e) => set('recurrence', (e.target.value || null) as Task['recurrence'])}
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
        <div className="mt-auto flex flex-wrap items-center gap-2 border-t border-border pt-4">
          <button type="submit" className="btn-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn-ghost ml-auto text-danger" onClick={() => onTrash(task)}>
            <Icon name="trash" /> Move to trash
          </button>
        </div>
      </form>
    </section>
  );
}
