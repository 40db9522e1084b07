import 'server-only';
import type { Schemas } from '@todo/openapi';
import { headers } from 'next/headers';
import { clientAddress } from '@/lib/api/client-address';
import { serverApi } from '@/lib/api/server';
import type { InviteFailure } from './invite-path';

export type InvitationPreview = Schemas['InvitationPreview'];

/**
 * What the link offers, asked of the API before the person decides (the preview needs no session, and is limited
 * per browser address like accepting): the invitation, a failure to show at once, or null when the API could not
 * say (the page then asks without naming the project, and joining tells).
 */
export async function readInvitation(
  token: string,
): Promise<{ invitation: InvitationPreview } | { failure: InviteFailure } | null> {
  try {
    const api = serverApi(undefined, clientAddress(await headers()));
    const { data, response } = await api.GET('/api/v1/invitations/{token}', { params: { path: { token } } });
    if (data) return { invitation: data };
    // Unknown, expired, revoked and used-up links are one 404 to the API, and one page here.
    if (response.status === 404) return { failure: 'gone' };
    if (response.status === 429) return { failure: 'busy' };
    return null;
  } catch {
    return null; // the API cannot be reached
  }
}
