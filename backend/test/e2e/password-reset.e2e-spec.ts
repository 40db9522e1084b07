import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPassword } from '../../src/auth/password-reset.js';
import { PASSWORD, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('resetPassword (the operator command behind `npm run -w backend reset-password`)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  const login = (email: string, password: string) =>
    sut.http.post('/api/v1/auth/login').send({ email, password });

  it('sets the new password, refuses the old one, and ends every signed-in session', async () => {
    const ada = await signUp(sut, { name: 'Ada' });
    const outcome = await resetPassword(sut.database.db, ada.email.toUpperCase(), 'brass-lantern-meadow-77');
    expect(outcome).toEqual({ ok: true, userId: ada.id, sessionsEnded: 1 });
    await login(ada.email, 'brass-lantern-meadow-77').expect(200);
    await login(ada.email, PASSWORD).expect(401);
    await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: ada.refreshToken }).expect(401);
  });

  it('refuses a password the sign-up rules refuse, and an unknown email, changing nothing', async () => {
    const bob = await signUp(sut, { name: 'Bob' });
    expect(await resetPassword(sut.database.db, bob.email, 'short')).toEqual({
      ok: false,
      reason: 'The new password must be at least 12 characters.',
    });
    expect(await resetPassword(sut.database.db, 'nobody@example.com', 'brass-lantern-meadow-77')).toEqual({
      ok: false,
      reason: 'No account has the email nobody@example.com.',
    });
    await login(bob.email, PASSWORD).expect(200);
  });
});
