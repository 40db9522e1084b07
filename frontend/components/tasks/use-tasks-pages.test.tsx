// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';
import { aTask } from '@/lib/tasks/task.factory';
import type { ListSegment } from '@/lib/tasks/filters';
import type { Task } from '@todo/openapi';

const get = vi.fn();
vi.mock('@/lib/api/browser', () => ({
  browserApi: async () => ({ GET: get, PATCH: vi.fn(), POST: vi.fn(), DELETE: vi.fn() }),
  preloadBrowserApi: () => undefined,
  newIdempotencyKey: () => 'key',
}));
vi.mock('@/lib/tasks/sse', () => ({ connectLive: () => () => undefined }));

const { useTasks } = await import('./use-tasks');

const page = (items: Task[], nextCursor: string | null = null) => ({
  data: { items, nextCursor },
  response: new Response(null, { status: 200 }),
});
const sentQuery = (call: number) =>
  (get.mock.calls[call]![1] as { params: { query: Record<string, unknown> } }).params.query;
const many = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => aTask({ title: `${prefix} ${i}` }));

afterEach(() => {
  cleanup();
  get.mockReset();
});

describe('useTasks reads the pages of its query', () => {
  it('reads the segments in order, each one the API query it names', async () => {
    const dated = [aTask({ dueAt: '2026-03-01T00:00:00Z' }), aTask({ dueAt: '2026-04-01T00:00:00Z' })];
    const undated = aTask({ title: 'Undated' });
    get.mockResolvedValueOnce(page(dated)).mockResolvedValueOnce(page([undated]));
    const query: ListSegment[] = [
      { query: { sort: 'dueAt', completed: 'false', dueBefore: '9999-12-31T00:00:00Z' } },
      { query: { sort: '-createdAt', completed: 'false', due: 'none' } },
    ];
    const { result } = renderHook(() => useTasks(null, undefined, { query }), { wrapper: Toaster });

    await vi.waitFor(() => expect(result.current.pages.count).toBe(3));
    expect(result.current.pages.done).toBe(true);
    expect(sentQuery(0)).toMatchObject({ sort: 'dueAt', completed: 'false', limit: 100 });
    expect(sentQuery(1)).toMatchObject({ sort: '-createdAt', completed: 'false', due: 'none', limit: 100 });
    expect(Object.keys(result.current.state.byId).sort()).toEqual(
      [...dated, undated].map((t) => t.id).sort(),
    );
    expect(result.current.pages).toMatchObject({ last: undated, count: 3 });
  });

  it('reads ahead from the first page, then one page per loadMore until the cursor runs out', async () => {
    const first = many(100, 'First');
    get
      .mockResolvedValueOnce(page(many(100, 'Second'), 'c2'))
      .mockResolvedValueOnce(page(many(100, 'Third'), 'c3'))
      .mockResolvedValueOnce(page(many(5, 'Last')));
    const query: ListSegment[] = [{ query: { sort: 'priority' } }];
    const { result } = renderHook(() => useTasks(first, undefined, { query, initialCursor: 'c1' }), {
      wrapper: Toaster,
    });
    expect(result.current.pages).toMatchObject({ done: false, count: 100, last: first[99] });

    await vi.waitFor(() => expect(result.current.pages.count).toBe(300));
    expect(get).toHaveBeenCalledTimes(2);
    expect([sentQuery(0).cursor, sentQuery(1).cursor]).toEqual(['c1', 'c2']);
    expect(result.current.pages.done).toBe(false);

    act(() => result.current.loadMore());
    await vi.waitFor(() => expect(result.current.pages.done).toBe(true));
    expect(sentQuery(2)).toMatchObject({ sort: 'priority', cursor: 'c3' });
    expect(result.current.pages.count).toBe(305);
    expect(Object.keys(result.current.state.byId)).toHaveLength(305);
  });
});
