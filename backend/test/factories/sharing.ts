import type { TestApp } from '../support/test-app.js';
import type { SignedInUser } from './users.js';

export interface InvitationBody {
  id: string;
  role: 'editor' | 'viewer';
  token: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
  createdAt: string;
}

export async function invite(
  testApp: TestApp,
  owner: SignedInUser,
  projectId: string,
  body: Record<string, unknown> = { role: 'editor' },
): Promise<InvitationBody> {
  const response = await testApp.http
    .post(`/api/v1/projects/${projectId}/invitations`)
    .set(owner.auth)
    .send(body)
    .expect(201);
  return response.body as InvitationBody;
}

/** `member` joins the owner's project with `role`, through an invitation as a person would. */
export async function addMember(
  testApp: TestApp,
  owner: SignedInUser,
  projectId: string,
  member: SignedInUser,
  role: 'editor' | 'viewer',
): Promise<void> {
  const { token } = await invite(testApp, owner, projectId, { role });
  await testApp.http.post('/api/v1/invitations/accept').set(member.auth).send({ token }).expect(200);
}
