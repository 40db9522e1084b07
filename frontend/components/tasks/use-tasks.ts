'use client';

import type { Task } from '@todo/openapi';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { browserApi, newIdempotencyKey, preloadBrowserApi } from '@/lib/api/browser';
import { problemMessage } from '@/lib/api/problem';
import { applyPatch, initTaskState, taskReducer } from '@/lib/tasks/task-store';
import { undoEditPatch, UndoStack, type UndoKind } from '@/lib/tasks/undo-stack';
import { connectLive, type LiveStatus, type TaskEvent } from '@/lib/tasks/sse';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';

type Patch = Partial<
  Pick<
    Task,
    'title' | 'description' | 'priority' | 'tags' | 'dueAt' | 'remindAt' | 'recurrence' | 'completed'
  >
>;
type NewTask = Pick<Task, 'title' | 'tags' | 'priority' | 'dueAt' | 'recurrence'>;
export type EditPatch = Omit<Patch, 'completed'>;

/** How an edit from the detail panel went: saved (the new version), refused over a newer version, or failed. */
export type EditResult =
  { status: 'ok'; task: Task } | { status: 'conflict'; task: Task } | { status: 'error' };

export interface Conflict {
  taskId: string;
  fresh: Task;
}

/** Stands in for a task being created until the API answers (rows show it as pending). */
function placeholderTask(input: NewTask): Task {
  const now = new Date().toISOString();
  return {
    id: `temp-${newIdempotencyKey()}`,
    title: input.title,
    description: null,
    completed: false,
    completedAt: null,
    priority: input.priority,
    tags: input.tags,
    dueAt: input.dueAt,
    remindAt: null,
    recurrence: input.recurrence,
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}

/** The board's data: local store, loading, live updates and every mutation (optimistic, with rollback). */
export function useTasks(
  initial: Task[] | null,
  /** Called with the task an undo brought back, once it is back (the board moves focus to it). */
  onUndone?: (taskId: string) => void,
  /** Called with a task just created here, once the API has it (the board shows where it went). */
  onAdded?: (task: Task) => void,
) {
  const [state, dispatch] = useReducer(taskReducer, initial, initTaskState);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const toasts = useToasts();
  const mutate = useMutation();
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const onUndoneRef = useRef(onUndone);
  const onAddedRef = useRef(onAdded);
  useEffect(() => {
    onUndoneRef.current = onUndone;
    onAddedRef.current = onAdded;
  });

  const announce = useCallback(
    (text: string) => setAnnouncement((prev) => (prev === text ? `${text}\u00a0` : text)),
    [],
  );

  const loadAll = useCallback(async () => {
    const items: Task[] = [];
    let cursor: string | undefined;
    try {
      const api = await browserApi();
      for (let page = 0; page < 20; page++) {
        const { data, error } = await api.GET('/api/v1/tasks', {
          params: { query: { limit: 100, sort: '-createdAt', cursor } },
        });
        if (!data) {
          setLoadError(problemMessage(error));
          return;
        }
        items.push(...data.items);
        if (!data.nextCursor) break;
        cursor = data.nextCursor;
      }
      dispatch({ type: 'loaded', tasks: items });
      setLoadError(null);
    } catch {
      setLoadError('We could not reach the server. Retrying when the connection is back.');
    }
  }, []);

  useEffect(() => {
    // Data fetch on mount when the server could not render the list; state changes after the await.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (!initial) void loadAll();
  }, [initial, loadAll]);

  // The API client is not in the first load; fetch it now, after hydration, so no change waits for it.
  useEffect(() => preloadBrowserApi(), []);

  // Live updates from other tabs and devices.
  useEffect(() => {
    const onEvent = async (e: TaskEvent) => {
      if (e.type === 'reset') return void loadAll();
      if (e.type === 'task.deleted') return dispatch({ type: 'remove', id: e.taskId! });
      if (e.task) return dispatch({ type: 'upsert', task: e.task });
      const { data } = await (
        await browserApi()
      ).GET('/api/v1/tasks/{id}', { params: { path: { id: e.taskId! } } });
      if (data) dispatch({ type: 'upsert', task: data });
    };
    return connectLive({
      url: '/api/v1/tasks/events',
      onEvent: (e) => void onEvent(e),
      onResync: () => void loadAll(),
      onStatus: setLive,
    });
  }, [loadAll]);

  // Back online: catch up.
  useEffect(() => {
    const onOnline = () => void loadAll();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [loadAll]);

  const create = useCallback(
    async (input: NewTask): Promise<boolean> => {
      const temp = placeholderTask(input);
      const result = await mutate({
        apply: () => {
          dispatch({ type: 'replace', task: temp });
          return () => dispatch({ type: 'remove', id: temp.id });
        },
        send: (api) =>
          api.POST('/api/v1/tasks', {
            body: {
              title: input.title,
              tags: input.tags,
              priority: input.priority,
              dueAt: input.dueAt,
              recurrence: input.recurrence,
            },
            params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
          }),
        refused: `Could not add “${input.title}”`,
      });
      if (!result.ok) return false;
      dispatch({ type: 'remove', id: temp.id });
      if (!result.data) return false;
      dispatch({ type: 'upsert', task: result.data });
      announce(`Added “${result.data.title}”.`);
      onAddedRef.current?.(result.data);
      return true;
    },
    [mutate, announce],
  );

  // Our own PATCH per task while it is in flight (resolves to the saved task, or null).
  const inFlight = useRef(new Map<string, Promise<Task | null>>());

  /** Sends one update (optimistic, If-Match); a 412 brings the fresh version into the store and `conflict`. */
  const send = useCallback(
    async (task: Task, patch: Patch): Promise<EditResult> => {
      const before = stateRef.current.byId[task.id] ?? task;
      // A second quick edit of the same task (rename, then x) waits for our own first PATCH and sends the
      // version that one produced, instead of tripping a 412 against ourselves.
      const previous = inFlight.current.get(task.id);
      let settle: (saved: Task | null) => void = () => {};
      const mine = new Promise<Task | null>((resolve) => (settle = resolve));
      inFlight.current.set(task.id, mine);
      let fresh = null as Task | null;
      const result = await mutate({
        apply: () => {
          dispatch({ type: 'replace', task: applyPatch(before, patch) });
          return () => dispatch({ type: 'replace', task: before });
        },
        send: async (api) => {
          const ownWrite = previous ? await previous : null;
          const version = ownWrite && ownWrite.version > task.version ? ownWrite.version : task.version;
          return api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(version) } },
            body: patch,
          });
        },
        refused: async ({ error, response }) => {
          if (response.status !== 412 && response.status !== 404)
            return `Could not save “${before.title}”: ${problemMessage(error)}`;
          const latest = await (
            await browserApi()
          ).GET('/api/v1/tasks/{id}', { params: { path: { id: task.id } } });
          if (!latest.data) {
            dispatch({ type: 'remove', id: task.id });
            return `“${before.title}” was deleted elsewhere.`;
          }
          fresh = latest.data;
          dispatch({ type: 'replace', task: latest.data });
          setConflict({ taskId: task.id, fresh: latest.data });
          return {
            message: `Someone else changed “${latest.data.title}” just now. You are seeing their version; your change was not saved.`,
            timeoutMs: 9000,
          };
        },
      });
      const saved = result.ok ? (result.data ?? null) : null;
      settle(saved);
      if (inFlight.current.get(task.id) === mine) inFlight.current.delete(task.id);
      if (!saved) return fresh ? { status: 'conflict', task: fresh } : { status: 'error' };
      dispatch({ type: 'replace', task: saved });
      if (patch.completed === true && saved.recurrence) {
        // The next occurrence was created server-side; live events bring it, this covers no stream.
        void loadAll();
        announce(`Completed “${saved.title}”. The next one is on your list.`);
      } else if (patch.completed !== undefined) {
        announce(patch.completed ? `Completed “${saved.title}”.` : `Reopened “${saved.title}”.`);
      }
      return { status: 'ok', task: saved };
    },
    [mutate, loadAll, announce],
  );

  const update = useCallback(
    async (task: Task, patch: Patch): Promise<'ok' | 'conflict' | 'error'> =>
      (await send(task, patch)).status,
    [send],
  );

  const restore = useCallback(
    async (task: Task) => {
      const result = await mutate({
        send: (api) => api.POST('/api/v1/trash/{id}/restore', { params: { path: { id: task.id } } }),
        refused: `Could not restore “${task.title}”`,
      });
      if (!result.ok || !result.data) return false;
      dispatch({ type: 'upsert', task: result.data });
      announce(`Restored “${result.data.title}”.`);
      return true;
    },
    [mutate, announce],
  );

  // What Ctrl/Cmd+Z (or a toast's Undo) takes back, newest first (see UndoStack).
  const undoStack = useRef(new UndoStack());
  const undoToasts = useRef(new Map<string, number>());

  /**
   * Puts a change on the undo stack; with a message, a toast offers Undo once the change is done. An edit has
   * no toast (it would come with every pause in typing): Ctrl/Cmd+Z takes it back.
   */
  const undoable = useCallback(
    (
      kind: UndoKind,
      taskId: string,
      done: Promise<boolean>,
      message: string | null,
      undo: () => Promise<boolean>,
    ) => {
      const key = `${kind}:${taskId}:${newIdempotencyKey()}`;
      const entry = undoStack.current.push({
        kind,
        taskId,
        done,
        undo: async () => {
          const toastId = undoToasts.current.get(key);
          if (toastId !== undefined) toasts.dismiss(toastId);
          if (!(await undo())) return false;
          onUndoneRef.current?.(taskId);
          return true;
        },
      });
      if (message === null) return;
      void done.then((ok) => {
        if (ok && !entry.used)
          undoToasts.current.set(
            key,
            toasts.show({ message, action: { label: 'Undo', run: () => void entry.run() } }),
          );
      });
    },
    [toasts],
  );

  const undoLast = useCallback(() => {
    const ran = undoStack.current.undoLast();
    return ran !== false;
  }, []);

  /** Completes a task and offers to reopen it; the reopen sends the version the completion produced. */
  const complete = useCallback(
    (task: Task) => {
      const outcome = update(task, { completed: true });
      undoable(
        'complete',
        task.id,
        outcome.then((o) => o === 'ok'),
        `Completed “${task.title}”.`,
        async () => {
          const latest = stateRef.current.byId[task.id];
          if (!latest?.completed) return false;
          return (await update(latest, { completed: false })) === 'ok';
        },
      );
      return outcome;
    },
    [update, undoable],
  );

  const trash = useCallback(
    async (task: Task) => {
      const pending = mutate({
        apply: () => {
          dispatch({ type: 'remove', id: task.id });
          return () => dispatch({ type: 'replace', task });
        },
        send: (api) => api.DELETE('/api/v1/tasks/{id}', { params: { path: { id: task.id } } }),
        doneOn: [404],
        refused: `Could not delete “${task.title}”`,
      });
      undoable(
        'delete',
        task.id,
        pending.then((r) => r.ok),
        `Moved “${task.title}” to the trash.`,
        () => restore(task),
      );
      await pending;
    },
    [mutate, undoable, restore],
  );

  /** Saves an edit from the detail panel (If-Match: `base.version`); Ctrl/Cmd+Z takes the saved fields back. */
  const saveEdit = useCallback(
    async (base: Task, patch: EditPatch): Promise<EditResult> => {
      const result = await send(base, patch);
      if (result.status !== 'ok') return result;
      const after = result.task;
      undoable('edit', base.id, Promise.resolve(true), null, async () => {
        const current = stateRef.current.byId[base.id];
        const back = current ? undoEditPatch(current, base, after, patch) : null;
        if (!current || !back) {
          toasts.show({ message: `“${after.title}” has changed since; that edit can no longer be undone.` });
          return false;
        }
        const undone = await send(current, back);
        if (undone.status === 'ok') announce(`Undid the edit to “${undone.task.title}”.`);
        return undone.status === 'ok';
      });
      return result;
    },
    [send, undoable, toasts, announce],
  );

  return {
    state,
    loadError,
    live,
    conflict,
    setConflict,
    announcement,
    loadAll,
    create,
    update,
    saveEdit,
    complete,
    trash,
    restore,
    undoLast,
  };
}
