// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';
import { aTask } from '@/lib/tasks/task.factory';
import type { Task } from '@todo/openapi';

const patch = vi.fn();
vi.mock('@/lib/api/browser', () => ({
  browserApi: async () => ({ PATCH: patch, GET: vi.fn(), POST: vi.fn(), DELETE: vi.fn() }),
  preloadBrowserApi: () => undefined,
  newIdempotencyKey: () => 'key',
}));
vi.mock('@/lib/tasks/sse', () => ({ connectLive: () => () => undefined }));

const { useTasks } = await import('./use-tasks');

afterEach(() => {
  cleanup();
  patch.mockReset();
});

describe('useTasks.update', () => {
  it('a second quick edit of a task waits for our own PATCH and sends the version it produced', async () => {
    const task = aTask({ title: 'Bravo', version: 3 });
    let resolveFirst!: (v: { data: Task; response: Response }) => void;
    const first = new Promise<{ data: Task; response: Response }>((r) => (resolveFirst = r));
    patch
      .mockImplementationOnce(() => first)
      .mockImplementationOnce(async (_path, init: { body: Partial<Task> }) => ({
        data: { ...task, title: 'Bravo renamed', ...init.body, version: 5 },
        response: new Response(null, { status: 200 }),
      }));
    const { result } = renderHook(() => useTasks([task]), { wrapper: Toaster });

    let renamed!: Promise<unknown>;
    let completed!: Promise<unknown>;
    act(() => {
      renamed = result.current.update(task, { title: 'Bravo renamed' });
      completed = result.current.update(task, { completed: true }); // same (stale) row task, like `x`
    });
    await vi.waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]![1].params.header['If-Match']).toBe('3');

    await act(async () => {
      resolveFirst({
        data: { ...task, title: 'Bravo renamed', version: 4 },
        response: new Response(null, { status: 200 }),
      });
      await renamed;
    });
    await act(async () => expect(await completed).toBe('ok'));
    expect(patch).toHaveBeenCalledTimes(2);
    expect(patch.mock.calls[1]![1].params.header['If-Match']).toBe('4');
    expect(result.current.state.byId[task.id]).toMatchObject({
      title: 'Bravo renamed',
      completed: true,
      version: 5,
    });
  });
});

describe('useTasks.saveEdit', () => {
  it('Ctrl/Cmd+Z after an edit sends the fields back as they were, with If-Match of the current version', async () => {
    const task = aTask({ title: 'Plan', description: null, version: 3 });
    let server = task;
    patch.mockImplementation(
      async (_path, init: { body: Partial<Task>; params: { header: Record<string, string> } }) => {
        server = { ...server, ...init.body, version: Number(init.params.header['If-Match']) + 1 };
        return { data: server, response: new Response(null, { status: 200 }) };
      },
    );
    const { result } = renderHook(() => useTasks([task]), { wrapper: Toaster });

    await act(async () => {
      expect((await result.current.saveEdit(task, { description: 'Call the venue' })).status).toBe('ok');
    });
    await act(async () => {
      await result.current.update(result.current.state.byId[task.id]!, { priority: 'high' });
    });
    expect(result.current.state.byId[task.id]).toMatchObject({ description: 'Call the venue', version: 5 });

    await act(async () => {
      expect(result.current.undoLast()).toBe(true);
    });
    await vi.waitFor(() => expect(patch).toHaveBeenCalledTimes(3));
    expect(patch.mock.calls[2]![1]).toMatchObject({
      params: { header: { 'If-Match': '5' } },
      body: { description: null },
    });
    await vi.waitFor(() =>
      expect(result.current.state.byId[task.id]).toMatchObject({ description: null, priority: 'high' }),
    );
    expect(result.current.undoLast()).toBe(false);
  });
});
