'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { serverApi } from '@/lib/api/server';
import { currentRequestIsSecure, readSession } from '@/lib/auth/session';
import { invitePath, type InviteFailure } from './invite-path';

// A server action: Next runs it only when the Origin header matches the host, so another site cannot make the
// signed-in person join a project (the invitation page asks first).
export async function acceptInvitation(form: FormData): Promise<void> {
  const token = form.get('token');
  if (typeof token !== 'string' || !token || token.length > 200) redirect('/tasks');
  const { accessToken } = readSession(await cookies(), await currentRequestIsSecure());
  if (!accessToken) redirect(`/login?next=${encodeURIComponent(invitePath(token))}`);
  let answer;
  try {
    answer = await serverApi(accessToken).POST('/api/v1/invitations/accept', { body: { token } });
  } catch {
    answer = null; // the API cannot be reached: said as a failure to try again
  }
  if (answer?.data) redirect(`/projects/${answer.data.id}`);
  const status = answer?.response.status;
  if (status === 401) redirect(`/login?expired=1&next=${encodeURIComponent(invitePath(token))}`);
  // Unknown, expired, revoked and used-up links are one 404 to the API, and one page here.
  const failure: InviteFailure = status === 404 ? 'gone' : status === 429 ? 'busy' : 'failed';
  redirect(`${invitePath(token)}?error=${failure}`);
}
