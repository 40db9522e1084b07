import { createApiClient, type ApiClient } from '@todo/openapi';
import { describe, expect, it, vi } from 'vitest';
import { aTask } from '@/lib/tasks/task.factory';
import { OFFLINE_MESSAGE, runMutation, type Notice } from './mutation';

/** The real typed client, its network replaced by `answer` (a Response, or a thrown network error). */
function clientAnswering(answer: () => Response) {
  const api = createApiClient('http://api.test', { fetch: async () => answer() });
  return async (): Promise<ApiClient> => api;
}

const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Refused', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

function setup(answer: () => Response) {
  const notices: Notice[] = [];
  const list = ['kept', 'deleted'];
  const undo = vi.fn(() => list.push('deleted'));
  const deleteOne = {
    apply: () => {
      list.splice(list.indexOf('deleted'), 1);
      return undo;
    },
    send: (api: ApiClient) => api.DELETE('/api/v1/tasks/{id}', { params: { path: { id: 'abc' } } }),
  };
  const deps = { notify: (n: Notice) => notices.push(n), client: clientAnswering(answer) };
  return { notices, list, undo, deleteOne, deps };
}

describe(runMutation.name, () => {
  it('keeps the optimistic change and says nothing when the API accepts it', async () => {
    const { notices, list, undo, deleteOne, deps } = setup(() => new Response(null, { status: 204 }));
    const result = await runMutation({ ...deleteOne, refused: 'Could not delete' }, deps);
    expect(result).toMatchObject({ ok: true, data: undefined });
    expect(list).toEqual(['kept']);
    expect(undo).not.toHaveBeenCalled();
    expect(notices).toEqual([]);
  });

  it('hands back the saved body', async () => {
    const saved = aTask({ title: 'Saved', version: 2 });
    const { deps } = setup(() => Response.json(saved, { status: 201 }));
    const result = await runMutation(
      {
        send: (api) => api.POST('/api/v1/tasks', { body: { title: 'Saved', tags: [], priority: 'medium' } }),
        refused: 'Could not add',
      },
      deps,
    );
    expect(result.ok && result.data).toEqual(saved);
  });

  it('rolls back and names the API’s reason after the prefix when the API refuses', async () => {
    const { notices, list, undo, deleteOne, deps } = setup(() => problem(403, 'Not allowed here.'));
    const result = await runMutation({ ...deleteOne, refused: 'Could not delete “x”' }, deps);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal?.response.status).toBe(403);
    expect(list).toEqual(['kept', 'deleted']);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(notices).toEqual([{ tone: 'error', message: 'Could not delete “x”: Not allowed here.' }]);
  });

  it('treats a listed error status as done (deleting what is already gone)', async () => {
    const { notices, list, deleteOne, deps } = setup(() => problem(404, 'Task not found.'));
    const result = await runMutation({ ...deleteOne, doneOn: [404], refused: 'Could not delete' }, deps);
    expect(result.ok).toBe(true);
    expect(list).toEqual(['kept']);
    expect(notices).toEqual([]);
  });

  it('lets a refusal handler say something else, with its own timeout, or nothing at all', async () => {
    const { notices, deleteOne, deps } = setup(() => problem(412, 'Stale.'));
    await runMutation(
      { ...deleteOne, refused: ({ response }) => ({ message: `HTTP ${response.status}`, timeoutMs: 9000 }) },
      deps,
    );
    await runMutation({ ...deleteOne, refused: () => null }, deps);
    expect(notices).toEqual([{ tone: 'error', message: 'HTTP 412', timeoutMs: 9000 }]);
  });

  it('rolls back once and shows the offline text when the network fails', async () => {
    const { notices, list, undo, deleteOne, deps } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const result = await runMutation({ ...deleteOne, refused: 'Could not delete' }, deps);
    expect(result).toEqual({ ok: false, offline: true });
    expect(list).toEqual(['kept', 'deleted']);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(notices).toEqual([{ tone: 'error', message: OFFLINE_MESSAGE }]);
  });

  it('treats a client that cannot load (chunk fetch offline) as offline', async () => {
    const { notices, list, deleteOne } = setup(() => new Response(null, { status: 204 }));
    const result = await runMutation(
      { ...deleteOne, refused: 'Could not delete' },
      { notify: (n) => notices.push(n), client: () => Promise.reject(new TypeError('chunk failed')) },
    );
    expect(result).toEqual({ ok: false, offline: true });
    expect(list).toEqual(['kept', 'deleted']);
    expect(notices.map((n) => n.message)).toEqual([OFFLINE_MESSAGE]);
  });

  it('does not roll back twice when a refusal handler fails on the network', async () => {
    const { notices, undo, deleteOne, deps } = setup(() => problem(412, 'Stale.'));
    const result = await runMutation(
      {
        ...deleteOne,
        refused: async () => {
          throw new TypeError('Failed to fetch');
        },
      },
      deps,
    );
    expect(result).toEqual({ ok: false, offline: true });
    expect(undo).toHaveBeenCalledTimes(1);
    expect(notices.map((n) => n.message)).toEqual([OFFLINE_MESSAGE]);
  });
});
