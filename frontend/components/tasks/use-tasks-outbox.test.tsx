// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';
import { aTask } from '@/lib/tasks/task.factory';
import type { Task } from '@todo/openapi';

const post = vi.fn();
const patch = vi.fn();
const get = vi.fn();
let keys = 0;
vi.mock('@/lib/api/browser', () => ({
  browserApi: async () => ({ PATCH: patch, GET: get, POST: post, DELETE: vi.fn() }),
  preloadBrowserApi: () => undefined,
  newIdempotencyKey: () => `key-${++keys}`,
}));
vi.mock('@/lib/tasks/sse', () => ({ connectLive: () => () => undefined }));

const { useTasks } = await import('./use-tasks');

const gatewayDown = async () => ({
  error: { status: 502, title: 'Bad Gateway' },
  response: new Response(null, { status: 502 }),
});
const answer = (status: number, data?: unknown) => ({ data, response: new Response(null, { status }) });

beforeEach(() => {
  localStorage.clear();
  keys = 0;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  for (const f of [post, patch, get]) f.mockReset();
});

describe('useTasks with the API away', () => {
  it('keeps a create in the outbox and sends it again with the same Idempotency-Key when the browser is back online', async () => {
    post.mockImplementation(gatewayDown);
    const { result } = renderHook(() => useTasks([], undefined, { userId: 'u1' }), { wrapper: Toaster });

    let added!: boolean;
    await act(async () => {
      added = await result.current.create({
        title: 'Buy milk',
        tags: [],
        priority: 'medium',
        dueAt: null,
        recurrence: null,
      });
    });
    expect(added).toBe(true); // the quick add clears: the task is kept, not lost
    const rows = Object.values(result.current.state.byId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: 'Buy milk' });
    expect(result.current.outboxView.stateOf(rows[0]!.id)).toBe('retrying');
    const firstKey = post.mock.calls[0]![1].params.header['Idempotency-Key'];
    expect(JSON.parse(localStorage.getItem('todo:outbox:u1')!)).toMatchObject([
      { kind: 'create', idempotencyKey: firstKey, body: { title: 'Buy milk' } },
    ]);

    const saved = aTask({ title: 'Buy milk' });
    post.mockImplementation(async () => answer(201, saved));
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    await vi.waitFor(() => expect(result.current.state.byId[saved.id]).toBeDefined());
    expect(post).toHaveBeenCalledTimes(2);
    expect(post.mock.calls.map((c) => c[1].params.header['Idempotency-Key'])).toEqual([firstKey, firstKey]);
    expect(Object.keys(result.current.state.byId)).toEqual([saved.id]);
    expect(localStorage.getItem('todo:outbox:u1')).toBeNull();
  });

  it('keeps a completion, merges a later rename into it and sends one PATCH with the first version', async () => {
    const task = aTask({ title: 'Pay rent', version: 4 });
    patch.mockImplementation(gatewayDown);
    const { result } = renderHook(() => useTasks([task], undefined, { userId: 'u1' }), { wrapper: Toaster });

    await act(async () => {
      expect(await result.current.update(task, { completed: true })).toBe('queued');
    });
    expect(result.current.state.byId[task.id]).toMatchObject({ completed: true, version: 4 });
    await act(async () => {
      expect(
        await result.current.update(result.current.state.byId[task.id]!, { title: 'Pay the rent' }),
      ).toBe('queued');
    });
    patch.mockImplementation(async (_p, init: { body: Partial<Task> }) =>
      answer(200, { ...task, ...init.body, version: 5 }),
    );
    await act(async () => {
      result.current.outboxView.retry();
    });
    await vi.waitFor(() => expect(result.current.state.byId[task.id]).toMatchObject({ version: 5 }));
    const last = patch.mock.calls.at(-1)!;
    expect(last[1].params.header['If-Match']).toBe('4');
    expect(last[1].body).toEqual({ completed: true, title: 'Pay the rent' });
    expect(result.current.state.byId[task.id]).toMatchObject({ completed: true, title: 'Pay the rent' });
    expect(result.current.outboxView.stateOf(task.id)).toBeUndefined();
  });

  it('says a waiting change is stuck after three failed attempts, and retries on its own with back-off', async () => {
    vi.useFakeTimers();
    post.mockImplementation(gatewayDown);
    const { result } = renderHook(() => useTasks([], undefined, { userId: 'u1' }), { wrapper: Toaster });
    await act(async () => {
      await result.current.create({
        title: 'Call Bo',
        tags: [],
        priority: 'medium',
        dueAt: null,
        recurrence: null,
      });
    });
    const id = Object.keys(result.current.state.byId)[0]!;
    await act(async () => vi.advanceTimersByTimeAsync(2000));
    expect(post).toHaveBeenCalledTimes(2);
    expect(result.current.outboxView.stateOf(id)).toBe('retrying');
    await act(async () => vi.advanceTimersByTimeAsync(4000));
    expect(post).toHaveBeenCalledTimes(3);
    expect(result.current.outboxView.stateOf(id)).toBe('stuck');
  });

  it('starts from the copy this browser kept when the page was rendered without the API, read-only', async () => {
    const kept = aTask({ title: 'Kept copy' });
    localStorage.setItem(
      'todo:tasks:u1',
      JSON.stringify({ savedAt: '2026-12-06T09:00:00.000Z', tasks: [kept] }),
    );
    get.mockImplementation(gatewayDown);
    const { result } = renderHook(
      () => useTasks(null, undefined, { userId: 'u1', serverUnavailable: true }),
      { wrapper: Toaster },
    );
    await vi.waitFor(() => expect(result.current.state.loaded).toBe(true));
    expect(Object.values(result.current.state.byId)).toEqual([kept]);
    expect(result.current.stale).toEqual({ savedAt: '2026-12-06T09:00:00.000Z' });
    await act(async () => {
      expect(
        await result.current.create({
          title: 'Not now',
          tags: [],
          priority: 'medium',
          dueAt: null,
          recurrence: null,
        }),
      ).toBe(false);
    });
    expect(post).not.toHaveBeenCalled();

    get.mockImplementation(async () => answer(200, { items: [kept], nextCursor: null }));
    await act(async () => result.current.loadAll());
    expect(result.current.stale).toBeNull();
  });
});
