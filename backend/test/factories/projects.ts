import type { TestApp } from '../support/test-app.js';
import type { SignedInUser } from './users.js';

export interface ProjectBody {
  id: string;
  name: string;
  isInbox: boolean;
  color: string | null;
  role: 'owner' | 'editor' | 'viewer';
  memberCount: number;
  position: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SectionBody {
  id: string;
  projectId: string;
  name: string;
  position: string;
}

export async function createProject(
  testApp: TestApp,
  user: SignedInUser,
  body: Record<string, unknown> = {},
): Promise<ProjectBody> {
  const response = await testApp.http
    .post('/api/v1/projects')
    .set(user.auth)
    .send({ name: 'A project', ...body })
    .expect(201);
  return response.body as ProjectBody;
}

export async function createSection(
  testApp: TestApp,
  user: SignedInUser,
  projectId: string,
  name = 'A section',
): Promise<SectionBody> {
  const response = await testApp.http
    .post(`/api/v1/projects/${projectId}/sections`)
    .set(user.auth)
    .send({ name })
    .expect(201);
  return response.body as SectionBody;
}

export async function inboxOf(testApp: TestApp, user: SignedInUser): Promise<ProjectBody> {
  const response = await testApp.http.get('/api/v1/projects').set(user.auth).expect(200);
  return (response.body as { items: ProjectBody[] }).items[0]!;
}
