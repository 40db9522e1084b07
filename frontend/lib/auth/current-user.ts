import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverApi } from '../api/server';
import { readSession } from './session';

/** The signed-in person's API client and profile for this render; an invalid session goes to sign-in. */
export const requireSession = cache(async (returnTo: string) => {
  const { accessToken } = readSession(await cookies());
  if (!accessToken) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  const api = serverApi(accessToken);
  const { data: user, response } = await api.GET('/api/v1/users/me');
  if (!user) {
    if (response.status === 401) redirect(`/login?expired=1&next=${encodeURIComponent(returnTo)}`);
    throw new Error(`Could not load your account (HTTP ${response.status}).`);
  }
  return { api, user };
});
