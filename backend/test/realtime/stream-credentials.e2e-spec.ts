import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfig } from '../../src/config/app-config.js';
import { personalAccessTokens, refreshTokens } from '../../src/database/schema/index.js';
import { RealtimeHub } from '../../src/realtime/realtime.hub.js';
import { createTask } from '../factories/tasks.js';
import { PASSWORD, type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventually, openStream, sleep, type SseStream } from './sse-client.js';

/** A stream lives no longer than the credential that opened it (single process: PGlite, or PostgreSQL). */
describe('GET /api/v1/tasks/events ends with its credential', () => {
  let sut: TestApp;
  let url: string;
  let hub: RealtimeHub;
  const open = (authorization: string, headers: Record<string, string> = {}) =>
    openStream(url, { authorization, ...headers }, { agent: false });

  beforeAll(async () => {
    sut = await startTestApp({ EVENTS_HEARTBEAT_MS: '500' });
    await sut.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}/api/v1/tasks/events`;
    hub = sut.app.get(RealtimeHub);
  });

  afterAll(async () => {
    await sut?.close().catch(() => undefined);
  });

  const createPat = async (user: SignedInUser) => {
    const response = await sut.http
      .post('/api/v1/tokens')
      .set(user.auth)
      .send({ name: `agent ${randomUUID().slice(0, 6)}`, scopes: ['tasks:read'] })
      .expect(201);
    return response.body as { id: string; token: string };
  };

  const signIn = async (user: SignedInUser) => {
    const response = await sut.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    return response.body as { accessToken: string; refreshToken: string };
  };

  /**
   * An access token of the user's session as the server issues them, only with a lifetime of `seconds` (the
   * config's floor is 30 s).
   */
  const shortLivedAccessToken = async (user: SignedInUser, seconds: number) => {
    const config = sut.app.get(AppConfig);
    const [session] = await sut.database.db
      .select({ id: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, user.id));
    return sut.app.get(JwtService, { strict: false }).signAsync(
      { typ: 'access', sid: session!.id },
      {
        subject: user.id,
        jwtid: randomUUID(),
        issuer: config.env.JWT_ISSUER,
        audience: config.env.JWT_AUDIENCE,
        expiresIn: seconds,
        algorithm: 'HS256',
        secret: config.jwtSecret,
      },
    );
  };

  const taskEvents = (stream: SseStream) => stream.events.filter((e) => e.event.startsWith('task.'));

  it('ends a personal access token’s stream on revocation, before any later change, and no other stream', async () => {
    const user = await signUp(sut);
    const revoked = await createPat(user);
    const kept = await createPat(user);
    const onRevoked = await open(`Bearer ${revoked.token}`);
    const onKept = await open(`Bearer ${kept.token}`);
    expect(onRevoked.status).toBe(200);

    await sut.http.delete(`/api/v1/tokens/${revoked.id}`).set(user.auth).expect(204);
    const after = await createTask(sut, user, { title: 'after revocation' });

    await onKept.waitFor(1, (e) => e.data.taskId === after.id);
    await onRevoked.ended;
    expect(onRevoked.events).toEqual([
      {
        id: expect.any(String),
        event: 'reauthenticate',
        data: { type: 'reauthenticate', reason: 'revoked' },
      },
    ]);
    expect(taskEvents(onRevoked)).toEqual([]);
    onKept.close();
  });

  it('ends streams whose token or session was revoked without a notification, within a few heartbeats', async () => {
    const user = await signUp(sut);
    const pat = await createPat(user);
    const onPat = await open(`Bearer ${pat.token}`);
    const onSession = await open(user.auth.Authorization);

    // Revoked behind the API's back: no NOTIFY, as when it was lost while a replica was not listening.
    await sut.database.db.delete(personalAccessTokens).where(eq(personalAccessTokens.id, pat.id));
    await sut.database.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(eq(refreshTokens.userId, user.id));
    const revokedAt = Date.now();

    await Promise.all([onPat.ended, onSession.ended]);
    // EVENTS_HEARTBEAT_MS is 500 here: the check runs every fourth heartbeat.
    expect(Date.now() - revokedAt).toBeLessThan(3000);
    for (const stream of [onPat, onSession]) {
      expect(stream.events.at(-1)).toMatchObject({ event: 'reauthenticate', data: { reason: 'revoked' } });
    }
  });

  it('ends a personal access token’s stream at the token’s expiresAt', async () => {
    const user = await signUp(sut);
    const pat = await createPat(user);
    const expiresAt = new Date(Date.now() + 1500);
    await sut.database.db
      .update(personalAccessTokens)
      .set({ expiresAt })
      .where(eq(personalAccessTokens.id, pat.id));
    const stream = await open(`Bearer ${pat.token}`);
    expect(stream.status).toBe(200);

    await stream.ended;
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(Date.now() - expiresAt.getTime()).toBeLessThan(1000);
    expect(stream.events.at(-1)).toMatchObject({ event: 'reauthenticate', data: { reason: 'expired' } });
  });

  it('ends an access token’s stream at its exp, where a reconnect with a fresh token and Last-Event-ID resumes', async () => {
    const user = await signUp(sut);
    const token = await shortLivedAccessToken(user, 2);
    const opened = Date.now();
    const stream = await open(`Bearer ${token}`);
    const seen = await createTask(sut, user, { title: 'seen' });
    await stream.waitFor(1, (e) => e.data.taskId === seen.id);

    await stream.ended;
    const lived = Date.now() - opened;
    expect(lived).toBeGreaterThan(900);
    expect(lived).toBeLessThan(3500);
    expect(stream.events.at(-1)).toMatchObject({ event: 'reauthenticate', data: { reason: 'expired' } });
    await eventually(() => hub.openStreams === 0);

    const missed = await createTask(sut, user, { title: 'missed while reconnecting' });
    const again = await open(user.auth.Authorization, { 'last-event-id': stream.lastEventId });
    const [replayed] = await again.waitFor(1);
    expect(replayed).toMatchObject({ event: 'task.created', data: { taskId: missed.id } });
    again.close();
  });

  it('ends the streams of a signed-out session and not those of the same person’s other session', async () => {
    const user = await signUp(sut);
    const other = await signIn(user);
    const signedOut = await open(user.auth.Authorization);
    const staying = await open(`Bearer ${other.accessToken}`);

    await sut.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    await signedOut.ended;
    expect(signedOut.events).toEqual([
      {
        id: expect.any(String),
        event: 'reauthenticate',
        data: { type: 'reauthenticate', reason: 'revoked' },
      },
    ]);

    const task = await createTask(sut, { ...user, auth: { Authorization: `Bearer ${other.accessToken}` } });
    await staying.waitFor(1, (e) => e.data.taskId === task.id);
    await sleep(100);
    expect(taskEvents(signedOut)).toEqual([]);
    staying.close();
  });

  it('ends the streams of a session whose refresh token was replayed (reuse revokes the family)', async () => {
    const user = await signUp(sut);
    const stream = await open(user.auth.Authorization);
    await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await stream.ended;
    expect(stream.events.at(-1)).toMatchObject({ event: 'reauthenticate', data: { reason: 'revoked' } });
  });
});
