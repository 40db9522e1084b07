import type { Task } from '@todo/openapi';
import { Board } from '@/components/tasks/board';
import { filterFromParams } from '@/lib/tasks/filters';
import { requireSession, type PageSession } from '@/lib/auth/current-user';

type SearchParams = Record<string, string | string[] | undefined>;

/** Server-renders the board with the first pages of tasks so it is useful before any script runs. */
export async function BoardPage({ searchParams, openId }: { searchParams: SearchParams; openId?: string }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) if (typeof v === 'string') params.set(k, v);
  const { api, available, userId } = await requireSession(
    `/tasks${openId ? `/${openId}` : ''}${params.size ? `?${params}` : ''}`,
  );
  const tasks = available ? await firstPages(api) : null;
  return (
    <>
      <h1 className="sr-only">Your tasks</h1>
      <Board
        initialTasks={tasks}
        initialFilter={filterFromParams(params)}
        initialOpenId={openId}
        userId={userId}
        serverUnavailable={!available}
      />
    </>
  );
}

/** Up to 2,000 tasks, newest first; null when the API does not answer (the client loads and shows a retry). */
async function firstPages(api: PageSession['api']): Promise<Task[] | null> {
  const tasks: Task[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < 20; page++) {
      const { data } = await api.GET('/api/v1/tasks', {
        params: { query: { limit: 100, sort: '-createdAt', cursor } },
      });
      if (!data) return null;
      tasks.push(...data.items);
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
  } catch {
    return null;
  }
  return tasks;
}
