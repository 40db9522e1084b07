import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';

export const PASSWORD = 'correct-horse-lamp-41';

export interface SignedInUser {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`;

export async function signUp(
  testApp: TestApp,
  overrides: { email?: string; name?: string } = {},
): Promise<SignedInUser> {
  const email = overrides.email ?? uniqueEmail();
  const response = await testApp.http
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD, name: overrides.name ?? 'Test User' })
    .expect(201);
  const body = response.body as { user: { id: string }; accessToken: string; refreshToken: string };
  return {
    id: body.user.id,
    email,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}
