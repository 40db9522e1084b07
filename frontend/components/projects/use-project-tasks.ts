'use client';

import type { Schemas } from '@todo/openapi';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation } from '@/components/use-mutation';
import { browserApi, newIdempotencyKey } from '@/lib/api/browser';
import { projectsStore } from '@/lib/projects/store';
import { buildTree, descendantIds, type Task } from '@/lib/projects/tree';

export type MoveBody = Schemas['MoveTaskRequest'];

/**
 * A project's open tasks: the server's first page, then every further page read in the background in the API's
 * manual order (`sort=position`, cursor paging), so sections further down fill in without anyone scrolling.
 */
export function useProjectTasks(projectId: string, initialTasks: Task[], initialCursor: string | null) {
  const [tasks, setTasks] = useState(() => new Map(initialTasks.map((t) => [t.id, t])));
  const [cursor, setCursor] = useState(initialCursor);
  const [generation, setGeneration] = useState(0);
  const run = useMutation();
  const tree = useMemo(() => buildTree(tasks.values(), cursor === null), [tasks, cursor]);

  useEffect(() => {
    if (cursor === null) return;
    let cancelled = false;
    void (async () => {
      try {
        const api = await browserApi();
        const { data } = await api.GET('/api/v1/tasks', {
          params: { query: { projectId, completed: 'false', sort: 'position', limit: 100, cursor } },
        });
        if (cancelled || !data) return;
        setTasks((all) => {
          const next = new Map(all);
          for (const task of data.items) next.set(task.id, task);
          return next;
        });
        setCursor(data.nextCursor);
      } catch {
        // Offline: what was read stays; the next reload reads on.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [projectId, cursor, generation]);

  const put = useCallback((task: Task) => setTasks((all) => new Map(all).set(task.id, task)), []);
  const drop = useCallback((ids: string[]) => {
    setTasks((all) => {
      const next = new Map(all);
      for (const id of ids) next.delete(id);
      return next;
    });
  }, []);

  /** Reads everything again from the first page (after a change that touched many tasks). */
  const reload = useCallback(async () => {
    const api = await browserApi();
    const { data } = await api.GET('/api/v1/tasks', {
      params: { query: { projectId, completed: 'false', sort: 'position', limit: 100 } },
    });
    if (!data) return;
    setTasks(new Map(data.items.map((t) => [t.id, t])));
    setCursor(data.nextCursor);
    setGeneration((g) => g + 1);
  }, [projectId]);

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

  const complete = useCallback(
    async (task: Task) => {
      const gone = [task.id, ...descendantIds(tree, task.id)];
      const kept = gone.map((id) => tasks.get(id)).filter((t): t is Task => t !== undefined);
      const result = await run({
        apply: () => {
          drop(gone);
          return () => kept.forEach(put);
        },
        send: (api) =>
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(task.version) } },
            body: { completed: true },
          }),
        refused: `Could not complete “${task.title}”`,
      });
      void projectsStore.refresh();
      return result.ok;
    },
    [drop, put, run, tasks, tree],
  );

  /** Moves a task (with its subtasks) as `POST /tasks/{id}/move` says; one into another project leaves the view. */
  const move = useCallback(
    async (task: Task, body: MoveBody) => {
      const result = await run({
        send: (api) => api.POST('/api/v1/tasks/{id}/move', { params: { path: { id: task.id } }, body }),
        refused: `Could not move “${task.title}”`,
      });
      if (!result.ok || !result.data) return false;
      const moved = result.data;
      if (moved.projectId !== projectId) {
        drop([task.id, ...descendantIds(tree, task.id)]);
        void projectsStore.refresh();
      } else if (moved.sectionId !== task.sectionId) {
        // Its subtasks changed section with it: read them again.
        await reload();
      } else {
        put(moved);
      }
      return true;
    },
    [drop, projectId, put, reload, run, tree],
  );

  return { tasks, tree, loadingMore: cursor !== null, add, complete, move, reload };
}
