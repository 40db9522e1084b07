'use client';

import type { Schemas } from '@todo/openapi';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMutation } from '@/components/use-mutation';
import { useToasts } from '@/components/ui/toaster';
import { browserApi, newIdempotencyKey } from '@/lib/api/browser';
import type { Refusal } from '@/lib/api/mutation';
import { problemMessage } from '@/lib/api/problem';
import { applyTask, descendantsIn, removeTasks, type Scope } from '@/lib/projects/apply';
import { projectsStore } from '@/lib/projects/store';
import { buildTree, type Task } from '@/lib/projects/tree';
import { subscribeLive } from '@/lib/tasks/live-hub';
import { isCommentEvent, isProjectEvent, type LiveStatus, type TaskEvent } from '@/lib/tasks/sse';

export type MoveBody = Schemas['MoveTaskRequest'];

const listQuery = (scope: Scope, cursor?: string | null) => ({
  projectId: scope.projectId,
  ...(scope.showCompleted ? {} : { completed: 'false' as const }),
  sort: 'position' as const,
  limit: 100,
  ...(cursor ? { cursor } : {}),
});

/**
 * A project's tasks (open ones, or all with `showCompleted`): the server's first page, then every further page read
 * in the background in the API's manual order (`sort=position`, cursor paging), so sections further down fill in
 * without anyone scrolling. Changes made elsewhere arrive through the tab's live stream.
 */
export function useProjectTasks(
  projectId: string,
  initialTasks: Task[],
  initialCursor: string | null,
  showCompleted = false,
) {
  const scope = useMemo(() => ({ projectId, showCompleted }), [projectId, showCompleted]);
  const [tasks, setTasks] = useState(() => new Map(initialTasks.map((t) => [t.id, t])));
  const [cursor, setCursor] = useState(initialCursor);
  const [generation, setGeneration] = useState(0);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const run = useMutation();
  const toasts = useToasts();
  const tree = useMemo(() => buildTree(tasks.values(), cursor === null), [tasks, cursor]);
  const tasksRef = useRef(tasks);
  const scopeRef = useRef(scope);
  useEffect(() => {
    scopeRef.current = scope;
  });

  useEffect(() => {
    if (cursor === null) return;
    let cancelled = false;
    void (async () => {
      try {
        const api = await browserApi();
        const { data } = await api.GET('/api/v1/tasks', { params: { query: listQuery(scope, cursor) } });
        if (cancelled || !data) return;
        // Through the ref, like every change here, so a live event applied meanwhile neither loses nor is lost.
        const next = new Map(tasksRef.current);
        for (const task of data.items) {
          const shown = next.get(task.id);
          if (!shown || shown.version <= task.version) next.set(task.id, task);
        }
        tasksRef.current = next;
        setTasks(next);
        setCursor(data.nextCursor);
      } catch {
        // Offline: what was read stays; the next reload reads on.
      }
    })();
    return () => {
      cancelled = true;
    };
    // `scope` is read with the cursor it was set for; a new scope reloads (below).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, cursor, generation]);

  /** A task as it is now (a move's answer, a live event): in, out or moved, with its subtasks. */
  const apply = useCallback((task: Task) => {
    const { tasks: next, arrived } = applyTask(tasksRef.current, task, scopeRef.current);
    if (next === tasksRef.current) return false;
    tasksRef.current = next;
    setTasks(next);
    return arrived;
  }, []);
  const put = useCallback((task: Task) => void apply(task), [apply]);
  const drop = useCallback((ids: string[]) => {
    const next = removeTasks(tasksRef.current, ids);
    if (next === tasksRef.current) return;
    tasksRef.current = next;
    setTasks(next);
  }, []);

  /** Reads everything again from the first page (a resync, or completed tasks shown or hidden). */
  const reload = useCallback(async () => {
    const current = scopeRef.current;
    const api = await browserApi();
    const { data } = await api.GET('/api/v1/tasks', { params: { query: listQuery(current) } });
    if (!data || scopeRef.current !== current) return;
    const next = new Map(data.items.map((t) => [t.id, t]));
    tasksRef.current = next;
    setTasks(next);
    setCursor(data.nextCursor);
    setGeneration((g) => g + 1);
  }, []);

  // Showing or hiding completed tasks reads the list again (not on the first render: the server read it).
  const firstScope = useRef(scope);
  useEffect(() => {
    if (firstScope.current === scope) return;
    firstScope.current = scope;
    void reload();
  }, [scope, reload]);

  // Live: changes made in other tabs and browsers.
  useEffect(() => {
    const onEvent = async (e: TaskEvent) => {
      if (e.type === 'reset') return void reload();
      // This project deleted, or someone left it (perhaps you: then it is 404 and its tasks go). The sidebar
      // refreshes the project list on every event by itself.
      if (isProjectEvent(e)) {
        if (e.projectId !== projectId || e.type === 'project.updated' || e.type === 'member.added') return;
        const api = await browserApi();
        const { response } = await api.GET('/api/v1/projects/{id}', { params: { path: { id: projectId } } });
        if (response.status === 404) drop([...tasksRef.current.keys()]);
        return;
      }
      if (isCommentEvent(e)) return;
      const id = e.taskId!;
      if (e.type === 'task.deleted') {
        if (tasksRef.current.has(id)) drop([id]);
        return;
      }
      let task = e.task;
      if (!task) {
        // Trashed or erased since, or an event without its task: ask.
        const api = await browserApi();
        const { data } = await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } });
        if (!data) {
          if (tasksRef.current.has(id)) drop([id]);
          return;
        }
        task = data;
      }
      const arrived = apply(task);
      if (arrived && e.type === 'task.updated' && task.projectId === projectId)
        await readSubtasks(task.id, scopeRef.current, apply);
    };
    return subscribeLive({
      onEvent: (e) => void onEvent(e).catch(() => {}),
      onResync: () => void reload().catch(() => {}),
      onStatus: setLive,
    });
  }, [apply, drop, projectId, reload]);

  /**
   * Says why the API refused a change to a task, in words, and shows the task as it is now: gone (404: deleted or
   * moved away elsewhere), changed (412: someone else's edit came first), not allowed (403), or in conflict (409).
   */
  const explain = useCallback(
    (task: Task, doing: string) =>
      async ({ error, response }: Refusal): Promise<string> => {
        const status = response.status;
        if (status === 404 || status === 412) {
          const api = await browserApi();
          const { data } = await api.GET('/api/v1/tasks/{id}', { params: { path: { id: task.id } } });
          if (!data) {
            drop([task.id]);
            return `Could not ${doing} “${task.title}”: it was deleted elsewhere (look in the trash).`;
          }
          apply(data);
          return `Could not ${doing} “${task.title}”: it was changed elsewhere just now. You are seeing the latest version; try again.`;
        }
        if (status === 403) return `You may not ${doing} “${task.title}” in this project.`;
        return `Could not ${doing} “${task.title}”: ${problemMessage(error)}`;
      },
    [apply, drop],
  );

  const add = useCallback(
    async (input: { title: string; sectionId?: string | null; parentId: string | null }) => {
      const result = await run({
        send: (api) =>
          api.POST('/api/v1/tasks', {
            body: { ...input, projectId, priority: 'medium', tags: [] },
            params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
          }),
        refused: `Could not add “${input.title}”`,
      });
      if (result.ok && result.data) put(result.data);
      void projectsStore.refresh();
      return result.ok ? (result.data ?? null) : null;
    },
    [projectId, put, run],
  );

  /** Reopens tasks (an Undo of a completion: the task and the subtasks that were open with it). */
  const reopen = useCallback(
    async (ids: string[], title: string) => {
      const api = await browserApi();
      let ok = true;
      for (const id of ids) {
        const fresh = await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } });
        if (!fresh.data) {
          ok = false;
          continue;
        }
        if (!fresh.data.completed) {
          put(fresh.data);
          continue;
        }
        const { data } = await api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id }, header: { 'If-Match': String(fresh.data.version) } },
          body: { completed: false },
        });
        if (data) put(data);
        else ok = false;
      }
      if (!ok) toasts.show({ tone: 'error', message: `Could not fully undo completing “${title}”.` });
      void projectsStore.refresh();
      return ok;
    },
    [put, toasts],
  );

  const complete = useCallback(
    async (task: Task) => {
      const before = tasksRef.current;
      const open = [task.id, ...descendantsIn(before, task.id)].filter((id) => !before.get(id)?.completed);
      const kept = open.map((id) => before.get(id)).filter((t): t is Task => t !== undefined);
      const stamp = new Date().toISOString();
      const result = await run({
        apply: () => {
          for (const t of kept) put({ ...t, completed: true, completedAt: stamp, version: t.version });
          return () => {
            const next = new Map(tasksRef.current);
            for (const t of kept) next.set(t.id, t);
            tasksRef.current = next;
            setTasks(next);
          };
        },
        send: (api) =>
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(task.version) } },
            body: { completed: true },
          }),
        refused: explain(task, 'complete'),
      });
      if (result.ok && result.data) {
        put(result.data);
        // Its subtasks were completed with it: their new versions come by the live stream, or read them.
        if (scopeRef.current.showCompleted) for (const id of open.slice(1)) void refreshOne(id, put);
        toasts.show({
          message: `Completed “${task.title}”.`,
          action: { label: 'Undo', run: () => void reopen(open, task.title) },
        });
      }
      void projectsStore.refresh();
      return result.ok;
    },
    [explain, put, reopen, run, toasts],
  );

  /** Reopens a completed task shown with "Show completed". */
  const uncomplete = useCallback(
    async (task: Task) => {
      const result = await run({
        apply: () => {
          put({ ...task, completed: false, completedAt: null });
          return () => put(task);
        },
        send: (api) =>
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(task.version) } },
            body: { completed: false },
          }),
        refused: explain(task, 'reopen'),
      });
      if (result.ok && result.data) put(result.data);
      void projectsStore.refresh();
      return result.ok;
    },
    [explain, put, run],
  );

  /**
   * Moves a task (with its subtasks) as `POST /tasks/{id}/move` says, and applies the answer here: its subtasks go
   * along (another section keeps them under it, another project takes them out of view), nothing is read again.
   */
  const move = useCallback(
    async (task: Task, body: MoveBody) => {
      const result = await run({
        send: (api) => api.POST('/api/v1/tasks/{id}/move', { params: { path: { id: task.id } }, body }),
        refused: explain(task, 'move'),
      });
      if (!result.ok || !result.data) return false;
      put(result.data);
      if (result.data.projectId !== projectId) void projectsStore.refresh();
      return true;
    },
    [explain, projectId, put, run],
  );

  /** A deleted section's tasks stay in the project, outside any section (as the API does). */
  const clearSection = useCallback((sectionId: string) => {
    const next = new Map(tasksRef.current);
    for (const task of next.values())
      if (task.sectionId === sectionId) next.set(task.id, { ...task, sectionId: null });
    tasksRef.current = next;
    setTasks(next);
  }, []);

  return {
    clearSection,
    tasks,
    tree,
    live,
    loadingMore: cursor !== null,
    add,
    complete,
    uncomplete,
    move,
    reload,
  };
}

async function refreshOne(id: string, put: (task: Task) => void) {
  const api = await browserApi();
  const { data } = await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } });
  if (data) put(data);
}

/** A task that came in from another project brought its subtasks, which have no event of their own: read them. */
async function readSubtasks(parentId: string, scope: Scope, apply: (task: Task) => unknown, level = 1) {
  if (level > 4) return;
  const api = await browserApi();
  const { data } = await api.GET('/api/v1/tasks', { params: { query: { ...listQuery(scope), parentId } } });
  for (const child of data?.items ?? []) {
    apply(child);
    await readSubtasks(child.id, scope, apply, level + 1);
  }
}
