'use client';

import type { Task } from '@todo/openapi';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { browserApi, newIdempotencyKey, preloadBrowserApi } from '@/lib/api/browser';
import { isUnreachable, problemMessage } from '@/lib/api/problem';
import { readTasksCopy, writeTasksCopy } from '@/lib/tasks/browser-copy';
import { withQueuedChanges, type OutboxEntry } from '@/lib/tasks/outbox';
import type { ListSegment } from '@/lib/tasks/filters';
import { applyPatch, initTaskState, taskReducer } from '@/lib/tasks/task-store';
import { undoEditPatch, UndoStack, type UndoKind } from '@/lib/tasks/undo-stack';
import { subscribeLive } from '@/lib/tasks/live-hub';
import type { LiveStatus, TaskEvent } from '@/lib/tasks/sse';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { publishOutboxView, useOutbox, type DeliveryOutcome } from './use-outbox';

type Patch = Partial<
  Pick<
    Task,
    | 'title'
    | 'description'
    | 'priority'
    | 'tags'
    | 'dueAt'
    | 'remindAt'
    | 'recurrence'
    | 'assigneeId'
    | 'completed'
  >
>;
/** A new task; `projectId` and `sectionId` when quick add named them (else the API files it in the Inbox). */
type NewTask = Pick<Task, 'title' | 'tags' | 'priority' | 'dueAt' | 'recurrence'> & {
  projectId?: string;
  sectionId?: string;
};
export type EditPatch = Omit<Patch, 'completed'>;

/** How an edit from the detail panel went: saved (the new version), refused over a newer version, or failed. */
export type EditResult =
  | { status: 'ok'; task: Task }
  | { status: 'conflict'; task: Task }
  | { status: 'queued' }
  | { status: 'error' };

export interface Conflict {
  taskId: string;
  fresh: Task;
}

/** The board shows a copy kept in this browser because the API could not be reached when the page loaded. */
export interface StaleCopy {
  /** When the copy was taken (ISO), or null when this browser has none. */
  savedAt: string | null;
}

/** Where the board is in the pages of its query: the last task read (the edge of what it may show) and more. */
export interface PageState {
  /** The query these pages answer (see queryKey). */
  key: string;
  /** The last task of the last page read, or null before the first page. */
  last: Task | null;
  /** The API has no more pages for this query. */
  done: boolean;
  /** How many tasks the pages read held. */
  count: number;
}

/** Tasks per page: the API's largest. */
const PAGE_SIZE = 100;
/** Read straight away for a new query; further pages are read as the person scrolls (loadMore). */
const READ_AHEAD = 300;

export const queryKey = (segments: ListSegment[]) => JSON.stringify(segments);

/** Where reading stands: the segment, and the cursor within it (null: its first page). */
interface ReadPosition {
  segment: number;
  cursor: string | null;
}

export interface TasksOptions {
  /** Whose copy and outbox this browser keeps; without it nothing is kept beyond the page. */
  userId?: string | null;
  /** The server could not reach the API to render the list: start from the browser's copy, read-only. */
  serverUnavailable?: boolean;
  /** Called with a task just created here, once the API has it (the board shows where it went). */
  onAdded?: (task: Task) => void;
  /** What the board shows, as the API's list queries in order (see listSegments); `initial` is the first page. */
  query?: ListSegment[];
  /** The first page's `nextCursor` in the first segment (null: that segment was all on that page). */
  initialCursor?: string | null;
}

/** Without a query (tests, for one): every task, newest first, as the API lists them by default. */
const DEFAULT_QUERY: ListSegment[] = [{ query: { sort: '-createdAt' } }];
/** A new query waits this long for more typing before it is read. */
const SEARCH_PAUSE_MS = 150;
/** What a change that waits in the outbox says once, when it is first kept. */
const KEPT_NOTICE = 'is kept on this device and will be saved when the server can be reached again.';
const READ_ONLY_NOTICE =
  'The server can’t be reached, and this is the copy saved on this device: changes are off until it is back.';

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
    // v1.1: where it lands (the Inbox without a project) is known once the API answers.
    projectId: input.projectId ?? '',
    sectionId: input.sectionId ?? null,
    parentId: null,
    position: '',
    assigneeId: null,
    createdBy: null,
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
  {
    userId = null,
    serverUnavailable = false,
    onAdded,
    query = DEFAULT_QUERY,
    initialCursor = null,
  }: TasksOptions = {},
) {
  const [state, dispatch] = useReducer(taskReducer, initial, initTaskState);
  const key = queryKey(query);
  const initialPosition: ReadPosition | null = !initial
    ? null
    : initialCursor
      ? { segment: 0, cursor: initialCursor }
      : query.length > 1
        ? { segment: 1, cursor: null }
        : null;
  const [pages, setPages] = useState<PageState>(() => ({
    key,
    last: initial?.at(-1) ?? null,
    done: !initialPosition,
    count: initial?.length ?? 0,
  }));
  const cursorRef = useRef<ReadPosition | null>(initialPosition);
  const queryRef = useRef({ key, query });
  const latestQuery = useRef(query);
  const pagesRef = useRef(pages);
  useEffect(() => {
    latestQuery.current = query;
    pagesRef.current = pages;
  });
  // Bumped by every read from the first page: answers to an older one are dropped.
  const generation = useRef(0);
  const reading = useRef(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [stale, setStale] = useState<StaleCopy | null>(null);
  const staleRef = useRef(stale);
  useEffect(() => {
    staleRef.current = stale;
  }, [stale]);
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

  // Set once the outbox exists: a reload of the list first sends what waits, so the list it gets includes it.
  const flushFirst = useRef<() => Promise<void>>(async () => {});

  /**
   * Reads pages of the current query until `atLeast` tasks (or the end), from the first page when no cursor is
   * given. `fresh` replaces the store with what it reads (a resync); otherwise pages are merged in.
   */
  const readPages = useCallback(
    async ({ from, atLeast, fresh }: { from: ReadPosition | null; atLeast: number; fresh: boolean }) => {
      const { key: readKey, query: segments } = queryRef.current;
      const mine = from ? generation.current : ++generation.current;
      reading.current = true;
      const items: Task[] = [];
      let at: ReadPosition | null = from ?? { segment: 0, cursor: null };
      try {
        if (!from) await flushFirst.current();
        const api = await browserApi();
        while (at && items.length < atLeast) {
          const position: ReadPosition = at;
          const segment: ListSegment = segments[position.segment]!;
          const { data, error } = await api.GET('/api/v1/tasks', {
            params: { query: { ...segment.query, limit: PAGE_SIZE, cursor: position.cursor ?? undefined } },
          });
          if (mine !== generation.current || readKey !== queryRef.current.key) return;
          if (!data) {
            setLoadError(problemMessage(error));
            reading.current = false;
            return;
          }
          items.push(...data.items);
          at = data.nextCursor
            ? { segment: position.segment, cursor: data.nextCursor }
            : position.segment + 1 < segments.length
              ? { segment: position.segment + 1, cursor: null }
              : null;
        }
      } catch {
        if (mine === generation.current) {
          setLoadError('We could not reach the server. Retrying when the connection is back.');
          reading.current = false;
        }
        return;
      }
      cursorRef.current = at;
      reading.current = false;
      dispatch({ type: fresh ? 'loaded' : 'merged', tasks: items });
      setPages((p) => {
        const count = (from && p.key === readKey ? p.count : 0) + items.length;
        return { key: readKey, last: items.at(-1) ?? p.last, done: !at, count };
      });
      setLoadError(null);
      setStale(null);
    },
    [],
  );

  /** Reads the current query again from its first page, as far as it was read (after a resync or an outage). */
  const loadAll = useCallback(
    () => readPages({ from: null, atLeast: Math.max(READ_AHEAD, pagesRef.current.count), fresh: true }),
    [readPages],
  );

  /** Reads the next page of the current query, if there is one and none is being read. */
  const loadMore = useCallback(() => {
    const p = pagesRef.current;
    if (reading.current || p.done || !cursorRef.current || p.key !== queryRef.current.key) return;
    void readPages({ from: cursorRef.current, atLeast: 1, fresh: false });
  }, [readPages]);

  // A new query (filters, sort, search, view): read its first pages; what the store holds shows meanwhile.
  useEffect(() => {
    if (queryRef.current.key === key) return;
    queryRef.current = { key, query: latestQuery.current };
    cursorRef.current = null;
    setPages({ key, last: null, done: false, count: 0 });
    const timer = setTimeout(
      () => void readPages({ from: null, atLeast: READ_AHEAD, fresh: false }),
      SEARCH_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [key, readPages]);

  // The first page came with the page: read ahead, as for any new query.
  useEffect(() => {
    if (initial && cursorRef.current && !serverUnavailable)
      void readPages({ from: cursorRef.current, atLeast: READ_AHEAD - initial.length, fresh: false });
    // Once, for the page's own first page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (serverUnavailable) {
      // The page was rendered without the API: show the last list this browser saw, read-only, until it is back.
      const copy = userId ? readTasksCopy(userId) : null;
      dispatch({ type: 'loaded', tasks: copy?.tasks ?? [] });
      // Browser storage is only readable after hydration.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setStale({ savedAt: copy?.savedAt ?? null });
    }
    // Data fetch on mount when the server could not render the list; state changes after the await.
    if (!initial) void loadAll();
  }, [initial, loadAll, serverUnavailable, userId]);

  // Keep a copy of what the API last said, for a page load while it is away (never a stale copy of a copy).
  useEffect(() => {
    if (!userId || !state.loaded || stale) return;
    const timer = setTimeout(
      () =>
        writeTasksCopy(
          userId,
          Object.values(state.byId).filter((t) => !t.id.startsWith('temp-')),
        ),
      400,
    );
    return () => clearTimeout(timer);
  }, [userId, state, stale]);

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
    return subscribeLive({
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

  /** A 412 or 404 for our change: show what the task is now (or that it is gone), and say the change was not saved. */
  const explainRefusedChange = useCallback(async (taskId: string, title: string) => {
    const fresh = await (await browserApi()).GET('/api/v1/tasks/{id}', { params: { path: { id: taskId } } });
    if (!fresh.data) {
      dispatch({ type: 'remove', id: taskId });
      return { fresh: null, notice: `“${title}” was deleted elsewhere.` };
    }
    dispatch({ type: 'replace', task: fresh.data });
    setConflict({ taskId, fresh: fresh.data });
    return {
      fresh: fresh.data,
      notice: {
        message: `Someone else changed “${fresh.data.title}” just now. You are seeing their version; your change was not saved.`,
        timeoutMs: 9000,
      },
    };
  }, []);

  /** Sends one change the outbox kept, exactly as it was first sent (same Idempotency-Key or If-Match). */
  const deliver = useCallback(
    async (entry: OutboxEntry): Promise<DeliveryOutcome> => {
      const api = await browserApi();
      if (entry.kind === 'create') {
        const { data, error, response } = await api.POST('/api/v1/tasks', {
          body: entry.body,
          params: { header: { 'Idempotency-Key': entry.idempotencyKey } },
        });
        if (isUnreachable(response.status)) return 'unreachable';
        if (!data) {
          toasts.show({
            tone: 'error',
            message: `Could not add “${entry.body.title}”: ${problemMessage(error)}`,
          });
          return 'refused';
        }
        dispatch({ type: 'upsert', task: data });
        announce(`Saved “${data.title}”.`);
        return 'delivered';
      }
      const { data, error, response } = await api.PATCH('/api/v1/tasks/{id}', {
        params: { path: { id: entry.taskId }, header: { 'If-Match': String(entry.version) } },
        body: entry.patch,
      });
      if (isUnreachable(response.status)) return 'unreachable';
      const title = stateRef.current.byId[entry.taskId]?.title ?? entry.patch.title ?? 'the task';
      if (data) {
        dispatch({ type: 'replace', task: data });
        if (entry.patch.completed === true && data.recurrence) void loadAll();
        announce(`Saved your change to “${data.title}”.`);
        return 'delivered';
      }
      if (response.status === 412 || response.status === 404) {
        const { notice } = await explainRefusedChange(entry.taskId, title);
        toasts.show(
          typeof notice === 'string' ? { tone: 'error', message: notice } : { tone: 'error', ...notice },
        );
      } else {
        toasts.show({ tone: 'error', message: `Could not save “${title}”: ${problemMessage(error)}` });
      }
      return 'refused';
    },
    [toasts, announce, loadAll, explainRefusedChange],
  );
  const outbox = useOutbox(userId, deliver);
  const { queue: queueChange, has: isQueued, flush: flushOutbox, stateOf: queuedStateOf } = outbox;
  const outboxView = useMemo(
    () => ({ stateOf: queuedStateOf, retry: () => void flushOutbox(), readOnly: Boolean(stale) }),
    [queuedStateOf, flushOutbox, stale],
  );
  useEffect(() => {
    publishOutboxView(outboxView);
    return () => publishOutboxView(null);
  }, [outboxView]);
  useEffect(() => {
    flushFirst.current = flushOutbox;
  }, [flushOutbox]);

  // The live stream is (back) up, so the API is: send what waits now rather than at the next back-off, and
  // replace a copy shown from this browser (the stream's first connection asks for no reload by itself).
  useEffect(() => {
    if (live !== 'live') return;
    if (staleRef.current) void loadAll();
    else void flushOutbox();
  }, [live, flushOutbox, loadAll]);

  /** Refuses a change while the board shows the browser's copy (it may be out of date). */
  const refuseWhileStale = useCallback(() => {
    if (!staleRef.current) return false;
    toasts.show({ message: READ_ONLY_NOTICE });
    return true;
  }, [toasts]);

  const create = useCallback(
    async (input: NewTask): Promise<boolean> => {
      if (refuseWhileStale()) return false;
      const temp = placeholderTask(input);
      const body = {
        title: input.title,
        tags: input.tags,
        priority: input.priority,
        dueAt: input.dueAt,
        recurrence: input.recurrence,
        ...(input.projectId ? { projectId: input.projectId } : {}),
        ...(input.sectionId ? { sectionId: input.sectionId } : {}),
      };
      const idempotencyKey = newIdempotencyKey();
      const result = await mutate({
        apply: () => {
          dispatch({ type: 'replace', task: temp });
          return () => dispatch({ type: 'remove', id: temp.id });
        },
        send: (api) =>
          api.POST('/api/v1/tasks', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
        refused: `Could not add “${input.title}”`,
        queueWhenUnreachable: true,
      });
      if (!result.ok && 'offline' in result) {
        queueChange({
          kind: 'create',
          tempId: temp.id,
          idempotencyKey,
          body,
          attempts: 1,
          queuedAt: temp.createdAt,
        });
        toasts.show({ message: `The server can’t be reached. “${input.title}” ${KEPT_NOTICE}` });
        return true;
      }
      if (!result.ok) return false;
      dispatch({ type: 'remove', id: temp.id });
      if (!result.data) return false;
      dispatch({ type: 'upsert', task: result.data });
      announce(`Added “${result.data.title}”.`);
      onAddedRef.current?.(result.data);
      return true;
    },
    [mutate, announce, queueChange, toasts, refuseWhileStale],
  );

  // Our own PATCH per task while it is in flight (resolves to the saved task, or null).
  const inFlight = useRef(new Map<string, Promise<Task | null>>());

  /**
   * Sends one update (optimistic, If-Match); a 412 brings the fresh version into the store and `conflict`; an
   * unreachable API keeps it in the outbox (`queued`).
   */
  const send = useCallback(
    async (task: Task, patch: Patch): Promise<EditResult> => {
      if (refuseWhileStale()) return { status: 'error' };
      if (isQueued(task.id)) {
        // An earlier change of this task waits: this one joins it, so both go in one PATCH, in order.
        queueChange({
          kind: 'update',
          taskId: task.id,
          version: task.version,
          patch,
          attempts: 1,
          queuedAt: new Date().toISOString(),
        });
        void flushOutbox();
        return { status: 'queued' };
      }
      const before = stateRef.current.byId[task.id] ?? task;
      // A second quick edit of the same task (rename, then x) waits for our own first PATCH and sends the
      // version that one produced, instead of tripping a 412 against ourselves.
      const previous = inFlight.current.get(task.id);
      let settle: (saved: Task | null) => void = () => {};
      const mine = new Promise<Task | null>((resolve) => (settle = resolve));
      inFlight.current.set(task.id, mine);
      let fresh = null as Task | null;
      let sentVersion = task.version;
      const result = await mutate({
        apply: () => {
          dispatch({ type: 'replace', task: applyPatch(before, patch) });
          return () => dispatch({ type: 'replace', task: before });
        },
        send: async (api) => {
          const ownWrite = previous ? await previous : null;
          const version = ownWrite && ownWrite.version > task.version ? ownWrite.version : task.version;
          sentVersion = version;
          return api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(version) } },
            body: patch,
          });
        },
        refused: async ({ error, response }) => {
          if (response.status !== 412 && response.status !== 404)
            return `Could not save “${before.title}”: ${problemMessage(error)}`;
          const explained = await explainRefusedChange(task.id, before.title);
          fresh = explained.fresh;
          return explained.notice;
        },
        queueWhenUnreachable: true,
      });
      const saved = result.ok ? (result.data ?? null) : null;
      settle(saved);
      if (inFlight.current.get(task.id) === mine) inFlight.current.delete(task.id);
      if (!result.ok && 'offline' in result) {
        queueChange({
          kind: 'update',
          taskId: task.id,
          version: sentVersion,
          patch,
          attempts: 1,
          queuedAt: new Date().toISOString(),
        });
        toasts.show({
          message: `The server can’t be reached. Your change to “${before.title}” ${KEPT_NOTICE}`,
        });
        return { status: 'queued' };
      }
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
    [
      mutate,
      loadAll,
      announce,
      queueChange,
      isQueued,
      flushOutbox,
      toasts,
      refuseWhileStale,
      explainRefusedChange,
    ],
  );

  const update = useCallback(
    async (task: Task, patch: Patch): Promise<'ok' | 'queued' | 'conflict' | 'error'> =>
      (await send(task, patch)).status,
    [send],
  );

  const restore = useCallback(
    async (task: Task) => {
      const result = await mutate({
        send: (api) => api.POST('/api/v1/trash/{id}/restore', { params: { path: { id: task.id } } }),
        // A 404 means an Undo came too late (the task was erased, or restored elsewhere): not an error to report.
        refused: ({ error, response }) =>
          response.status === 404
            ? {
                tone: 'info',
                message: `“${task.title}” can no longer be undone: it is not in the trash any more.`,
              }
            : `Could not restore “${task.title}”: ${problemMessage(error)}`,
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
      if (refuseWhileStale()) return;
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
    [mutate, undoable, restore, refuseWhileStale],
  );

  // What the person sees: the API's tasks with the changes still waiting in the outbox laid over them.
  const shown = useMemo(
    () => (outbox.entries.length ? { ...state, byId: withQueuedChanges(state.byId, outbox.entries) } : state),
    [state, outbox.entries],
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
    state: shown,
    pages,
    loadMore,
    stale,
    outboxView,
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
