'use client';

import type { Task } from '@todo/openapi';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createAutosave, savablePatch, type Autosave } from '@/lib/tasks/autosave';
import { draftFromTask, draftPatch, type DraftErrors, type TaskDraft } from '@/lib/tasks/validation';
import type { EditPatch, EditResult } from './use-tasks';

export type SaveState = 'idle' | 'saving' | 'saved' | 'queued' | 'invalid' | 'error' | 'conflict';

/** Quiet time before typing is saved; a click on a choice (priority, repeat, a tag) saves at once. */
export const AUTOSAVE_DELAY_MS = 600;

const FIELDS: (keyof TaskDraft)[] = [
  'title',
  'description',
  'priority',
  'tags',
  'dueAt',
  'remindAt',
  'recurrence',
  'assigneeId',
];
const sameField = (a: TaskDraft, b: TaskDraft, k: keyof TaskDraft) =>
  JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null);

/**
 * The detail panel's form state, saved as the person edits: debounced, one save at a time with If-Match, the
 * panel following live updates while nothing of the person's waits. `flush` (before the panel closes) saves what
 * waits and says whether the panel may close: not when that save met someone else's newer change.
 */
export function useAutosavedDraft(task: Task, onSave: (base: Task, patch: EditPatch) => Promise<EditResult>) {
  const [opened] = useState(() => draftFromTask(task));
  const [draft, setDraftState] = useState<TaskDraft>(opened);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [state, setState] = useState<SaveState>('idle');
  const [touched, setTouched] = useState<ReadonlySet<keyof TaskDraft>>(() => new Set());
  // What the person had when a save met a newer version: shown beside theirs, one click puts it back.
  const [mine, setMine] = useState<{ fresh: Task; patch: EditPatch } | null>(null);
  // The version the draft is compared against and sent as If-Match; the latest draft for saves and flushes.
  const base = useRef(task);
  const latest = useRef(draft);
  const conflicts = useRef(0);
  const onSaveRef = useRef(onSave);
  useEffect(() => {
    onSaveRef.current = onSave;
  });

  const setDraft = useCallback((next: TaskDraft) => {
    latest.current = next;
    setDraftState(next);
  }, []);

  const save = useCallback(async () => {
    const { patch, errors: errs } = savablePatch(base.current, latest.current);
    setErrors(errs);
    if (!Object.keys(patch).length) {
      setState((s) => (Object.keys(errs).length ? 'invalid' : s === 'saving' ? 'saved' : s));
      return;
    }
    setState('saving');
    const result = await onSaveRef.current(base.current, patch);
    if (result.status === 'ok') {
      base.current = result.task;
      const waiting = Object.keys(draftPatch(result.task, latest.current)).length > 0;
      setState(waiting ? 'saving' : Object.keys(errs).length ? 'invalid' : 'saved');
    } else if (result.status === 'queued') {
      // The API is away: the outbox keeps the change and sends it later; the panel counts it as made.
      base.current = { ...base.current, ...patch };
      setState('queued');
    } else if (result.status === 'conflict') {
      conflicts.current++;
      setMine({ fresh: result.task, patch });
      base.current = result.task;
      setDraft(draftFromTask(result.task));
      setState('conflict');
    } else {
      setState('error');
    }
  }, [setDraft]);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  // Made on first use, outside render: it holds the timer and the running save.
  const autosaveRef = useRef<Autosave | null>(null);
  const autosave = useCallback(
    () => (autosaveRef.current ??= createAutosave(() => saveRef.current(), AUTOSAVE_DELAY_MS)),
    [],
  );

  /** Changes one field and saves it after a pause (`now`: at once). */
  const set = useCallback(
    <K extends keyof TaskDraft>(key: K, value: TaskDraft[K], now = false) => {
      setDraft({ ...latest.current, [key]: value });
      setErrors((e) => ({ ...e, [key]: undefined }));
      setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
      setState('saving');
      autosave().schedule(now ? 0 : undefined);
    },
    [autosave, setDraft],
  );

  /** Puts back what the person changed here, as the panel opened with it, and saves that. */
  const revert = useCallback(() => {
    const back = { ...latest.current };
    for (const k of touched) Object.assign(back, { [k]: opened[k] });
    setDraft(back);
    setErrors({});
    setTouched(new Set());
    setMine(null);
    setState('saving');
    autosave().schedule(0);
  }, [autosave, opened, touched, setDraft]);

  /** After a conflict: the person's values again, over the newer version, saved against it. */
  const keepMine = useCallback(() => {
    if (!mine) return;
    setDraft({ ...draftFromTask(mine.fresh), ...pickDraft(mine.patch) });
    setMine(null);
    setState('saving');
    autosave().schedule(0);
  }, [autosave, mine, setDraft]);

  const flush = useCallback(async () => {
    const before = conflicts.current;
    await autosave().flush();
    return conflicts.current === before;
  }, [autosave]);

  // Someone else's change (another tab, a device) arrives while nothing of the person's waits: follow it.
  useEffect(() => {
    if (task.version <= base.current.version || autosave().busy()) return;
    if (Object.keys(draftPatch(base.current, latest.current)).length) return;
    base.current = task;
    setDraft(draftFromTask(task));
  }, [task, autosave, setDraft]);

  useEffect(() => {
    // Leaving the page with a change waiting: save it now and let the browser ask whether to leave.
    const onLeave = (e: BeforeUnloadEvent) => {
      if (!autosave().busy()) return;
      void autosave().flush();
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => {
      window.removeEventListener('beforeunload', onLeave);
      // Unmounted some other way (another page of the app): the change is still sent.
      void autosave().flush();
    };
  }, [autosave]);

  const canRevert = [...touched].some((k) => !sameField(draft, opened, k));
  return { draft, errors, state, set, revert, canRevert, mine, keepMine, flush };
}

function pickDraft(patch: EditPatch): Partial<TaskDraft> {
  const out: Partial<TaskDraft> = {};
  for (const k of FIELDS) {
    if (!(k in patch)) continue;
    const v = patch[k as keyof EditPatch];
    Object.assign(out, { [k]: k === 'description' ? (v ?? '') : v });
  }
  return out;
}
