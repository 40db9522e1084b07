import 'server-only';
import type { User } from '@todo/openapi';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverApi } from '../api/server';
import { isUnreachable } from '../api/problem';
import { tokenSubject } from './jwt';
import { currentRequestIsSecure, readSession } from './session';

// Memoised per request and without arguments, so the layout and the page share one GET /users/me (React's
// cache keys on the arguments, and each caller passes its own return path).
const loadSession = cache(async () => {
  const { accessToken } = readSession(await cookies(), await currentRequestIsSecure());
  if (!accessToken) return { signedIn: false } as const;
  const api = serverApi(accessToken);
  try {
    const { data: user, response } = await api.GET('/api/v1/users/me');
    return { signedIn: true, api, user, status: response.status, userId: user?.id ?? null } as const;
  } catch {
    // The API is not reachable: no status. The token's subject still says whose copy the browser may show.
    return {
      signedIn: true,
      api,
      user: undefined,
      status: undefined,
      userId: tokenSubject(accessToken),
    } as const;
  }
});

/**
 * A signed-in page's session. `user` is null when the API cannot be reached (or is unavailable) right now: the
 * page then renders its shell with what the browser kept, instead of failing. `userId` comes from the token then.
 */
export type PageSession =
  | { available: true; api: ReturnType<typeof serverApi>; user: User; userId: string }
  | { available: false; api: ReturnType<typeof serverApi>; user: null; userId: string | null };

/** The signed-in person's API client and profile for this render; an invalid session goes to sign-in. */
export async function requireSession(returnTo: string): Promise<PageSession> {
  const session = await loadSession();
  const next = encodeURIComponent(returnTo);
  if (!session.signedIn) redirect(`/login?next=${next}`);
  const { api, user, status, userId } = session;
  if (user) return { available: true, api, user, userId: user.id };
  if (status === 401) redirect(`/login?expired=1&next=${next}`);
  if (isUnreachable(status)) return { available: false, api, user: null, userId };
  throw new Error(`Could not load your account (HTTP ${status}).`);
}
