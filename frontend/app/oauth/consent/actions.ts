'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { serverApi } from '@/lib/api/server';
import { currentRequestIsSecure, readSession } from '@/lib/auth/session';

// A server action: Next runs it only when the Origin header matches the host, so a third-party page cannot
// approve a consent in the person's name.
export async function decideConsent(form: FormData): Promise<void> {
  const uid = form.get('uid');
  const approve = form.get('decision') === 'approve';
  if (typeof uid !== 'string') redirect('/tasks');
  const { accessToken } = readSession(await cookies(), await currentRequestIsSecure());
  if (!accessToken) redirect(`/login?next=${encodeURIComponent(`/oauth/consent?uid=${uid}`)}`);
  const { data } = await serverApi(accessToken).POST('/api/v1/oauth/consents/{uid}', {
    params: { path: { uid } },
    body: { approve },
  });
  // Back to the authorization server, which sends the agent its code (or access_denied).
  redirect(data ? data.redirectTo : `/oauth/consent?uid=${encodeURIComponent(uid)}`);
}
