import { Board } from '@/components/tasks/board';
import { filterFromParams, listSegments, needsBrowserZone, type BoardFilter } from '@/lib/tasks/filters';
import { requireSession, type PageSession } from '@/lib/auth/current-user';

type SearchParams = Record<string, string | string[] | undefined>;

/** Server-renders the board with the first pages of tasks so it is useful before any script runs. */
export async function BoardPage({ searchParams, openId }: { searchParams: SearchParams; openId?: string }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) if (typeof v === 'string') params.set(k, v);
  const { api, available, userId } = await requireSession(
    `/tasks${openId ? `/${openId}` : ''}${params.size ? `?${params}` : ''}`,
  );
  const filter = filterFromParams(params);
  // Today, Upcoming and "due today" are days in the browser's zone, which the server does not know.
  const first = available && !needsBrowserZone(filter) ? await firstPage(api, filter) : null;
  return (
    <>
      <h1 className="sr-only">Your tasks</h1>
      <Board
        // A new filter from a link (the sidebar's views) is a new board, with its own first page.
        key={params.toString()}
        initialTasks={first?.items ?? null}
        initialCursor={first?.nextCursor ?? null}
        initialFilter={filter}
        initialOpenId={openId}
        userId={userId}
        serverUnavailable={!available}
      />
    </>
  );
}

/** The first page of what the board shows; null when the API does not answer (the client reads it then). */
async function firstPage(api: PageSession['api'], filter: BoardFilter) {
  try {
    const [first] = listSegments(filter, new Date());
    const { data } = await api.GET('/api/v1/tasks', { params: { query: { ...first!.query, limit: 100 } } });
    return data ?? null;
  } catch {
    return null;
  }
}
