import type { Task } from '@todo/openapi';
import { Board } from '@/components/tasks/board';
import { filterFromParams } from '@/lib/tasks/filters';
import { requireSession } from '@/lib/auth/current-user';

type SearchParams = Record<string, string | string[] | undefined>;

/** Server-renders the board with the first pages of tasks so it is useful before any script runs. */
export async function BoardPage({ searchParams, openId }: { searchParams: SearchParams; openId?: string }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) if (typeof v === 'string') params.set(k, v);
  const { api } = await requireSession(
    `/tasks${openId ? `/${openId}` : ''}${params.size ? `?${params}` : ''}`,
  );

  let tasks: Task[] | null = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const { data } = await api.GET('/api/v1/tasks', {
      params: { query: { limit: 100, sort: '-createdAt', cursor } },
    });
    if (!data) {
      tasks = null; // let the client load (and show a retry) instead of failing the page
      break;
    }
    tasks.push(...data.items);
    if (!data.nextCursor) break;
    cursor = data.nextCursor;
  }
  return (
    <>
      <h1 className="sr-only">Your tasks</h1>
      <Board initialTasks={tasks} initialFilter={filterFromParams(params)} initialOpenId={openId} />
    </>
  );
}
