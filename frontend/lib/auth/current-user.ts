import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverApi } from '../api/server';
import { currentRequestIsSecure, readSession } from './session';

// Memoised per request and without arguments, so the layout and the page share one GET /users/me (React's
// cache keys on the arguments, and each caller passes its own return path).
const loadSession = cache(async () => {
  const { accessToken } = readSession(await cookies(), await currentRequestIsSecure());
  if (!accessToken) return { signedIn: false } as const;
  const api = serverApi(accessToken);
  const { data: user, response } = await api.GET('/api/v1/users/me');
  return { signedIn: true, api, user, status: response.status } as const;
});

/** The signed-in person's API client and profile for this render; an invalid session goes to sign-in. */
export async function requireSession(returnTo: string) {
  const session = await loadSession();
  const next = encodeURIComponent(returnTo);
  if (!session.signedIn) redirect(`/login?next=${next}`);
  const { api, user, status } = session;
  if (!user) {
    if (status === 401) redirect(`/login?expired=1&next=${next}`);
    throw new Error(`Could not load your account (HTTP ${status}).`);
  }
  return { api, user };
}
