import type { AddressInfo } from 'node:net';
import type { SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseService } from '../../src/database/database.service.js';
import { RealtimeHub } from '../../src/realtime/realtime.hub.js';
import { RealtimeMetrics } from '../../src/realtime/realtime.metrics.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventually, openStream, sleep, type SseStream } from './sse-client.js';

/** The single-process path (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), over a real socket. */
describe('GET /api/v1/tasks/events', () => {
  let sut: TestApp;
  let url: string;
  let hub: RealtimeHub;
  let metrics: RealtimeMetrics;
  let alice: SignedInUser;
  let bob: SignedInUser;
  const open = (user: SignedInUser, headers: Record<string, string> = {}) =>
    openStream(url, { ...user.auth, ...headers }, { agent: false });

  beforeAll(async () => {
    sut = await startTestApp({ EVENTS_HEARTBEAT_MS: '500', EVENTS_MAX_STREAMS_PER_USER: '1100' });
    await sut.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}/api/v1/tasks/events`;
    hub = sut.app.get(RealtimeHub);
    metrics = sut.app.get(RealtimeMetrics);
    alice = await signUp(sut);
    bob = await signUp(sut);
  });

  afterAll(async () => {
    await sut?.close().catch(() => undefined);
  });

  it('answers 401 problem+json without a token', async () => {
    const stream = await openStream(url, {}, { agent: false });
    expect(stream.status).toBe(401);
    expect(stream.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(stream.body)).toMatchObject({ status: 401 });
  });

  it('streams created, updated and deleted in order to the owner only, with SSE headers and heartbeats', async () => {
    const mine = await open(alice);
    const theirs = await open(bob);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(mine.headers['cache-control']).toContain('no-cache');
    expect(mine.headers['x-accel-buffering']).toBe('no');

    const task = await createTask(sut, alice, { title: 'live' });
    await sut.http.patch(`/api/v1/tasks/${task.id}`).set(alice.auth).send({ title: 'renamed' }).expect(200);
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(alice.auth).expect(204);
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(alice.auth).expect(200);

    const events = await mine.waitFor(4);
    expect(events.map((e) => e.event)).toEqual([
      'task.created',
      'task.updated',
      'task.deleted',
      'task.restored',
    ]);
    expect(events.map((e) => e.data.taskId)).toEqual([task.id, task.id, task.id, task.id]);
    expect(events[3]!.data.task).toMatchObject({ id: task.id, title: 'renamed' });
    expect(events[2]!.data).toEqual({ type: 'task.deleted', projectId: task.projectId, taskId: task.id });
    expect(events.map((e) => e.data.projectId)).toEqual(Array(4).fill(task.projectId));
    const ids = events.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(mine.retry).toBeGreaterThan(0);
    await eventually(() => mine.comments.includes('heartbeat'), 3000);

    expect(theirs.events).toEqual([]);
    mine.close();
    theirs.close();
  });

  it('replays missed events exactly once after Last-Event-ID, then continues live', async () => {
    const first = await open(alice);
    const seen = await createTask(sut, alice, { title: 'seen' });
    await first.waitFor(1, (e) => e.data.taskId === seen.id);
    const lastEventId = first.lastEventId;
    first.close();

    const missed = [
      await createTask(sut, alice, { title: 'missed 1' }),
      await createTask(sut, alice, { title: 'missed 2' }),
    ];
    await sut.http
      .patch(`/api/v1/tasks/${missed[0]!.id}`)
      .set(alice.auth)
      .send({ completed: true })
      .expect(200);

    const resumed = await open(alice, { 'Last-Event-ID': lastEventId });
    const replayed = await resumed.waitFor(3);
    expect(replayed.map((e) => [e.event, e.data.taskId])).toEqual([
      ['task.created', missed[0]!.id],
      ['task.created', missed[1]!.id],
      ['task.updated', missed[0]!.id],
    ]);
    const after = await createTask(sut, alice, { title: 'after' });
    await resumed.waitFor(1, (e) => e.data.taskId === after.id);
    await sleep(200);
    expect(resumed.events.map((e) => e.id)).toEqual([...new Set(resumed.events.map((e) => e.id))]);
    expect(resumed.events).toHaveLength(4);
    resumed.close();
  });

  it('delivers and replays a trashed task’s delete without reading the task back', async () => {
    const live = await open(alice);
    const task = await createTask(sut, alice, { title: 'to the trash' });
    await live.waitFor(1, (e) => e.data.taskId === task.id);
    const lastEventId = live.lastEventId;
    // Every statement the realtime module sends that names the task (the request's own statements are not its).
    const { db } = sut.app.get(DatabaseService);
    const dialect = new PgDialect();
    const reads: string[] = [];
    const execute = db.execute.bind(db);
    const spy = vi.spyOn(db, 'execute').mockImplementation((query) => {
      const { sql, params } = dialect.sqlToQuery(query as SQLWrapper as never);
      const fromRealtime = /[/\\]src[/\\]realtime[/\\]/.test(new Error().stack ?? '');
      if (fromRealtime && params.includes(task.id)) reads.push(sql);
      return execute(query);
    });
    try {
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(alice.auth).expect(204);
      const deleted = { type: 'task.deleted', projectId: task.projectId, taskId: task.id };
      const [heard] = await live.waitFor(1, (e) => e.event === 'task.deleted');
      expect(heard!.data).toEqual(deleted);
      const resumed = await open(alice, { 'Last-Event-ID': lastEventId });
      const [replayed] = await resumed.waitFor(1, (e) => e.event === 'task.deleted');
      expect(replayed!.data).toEqual(deleted);
      resumed.close();
      expect(reads).toEqual([]);
    } finally {
      spy.mockRestore();
      live.close();
    }
  });

  it('sends an explicit reset for a Last-Event-ID it cannot resume from', async () => {
    const stream = await open(alice, { 'Last-Event-ID': '999999999' });
    const [reset] = await stream.waitFor(1);
    expect(reset).toMatchObject({ event: 'reset', data: { type: 'reset', reason: 'unknown-id' } });
    expect(Number(stream.lastEventId)).toBeLessThan(999_999_999);
    stream.close();
  });

  it('opens and drops 1,000 streams and returns every count to zero', async () => {
    const before = metrics.eventsSent;
    const resetsBefore = metrics.resetsSent;
    const streams: SseStream[] = [];
    for (let batch = 0; batch < 10; batch++) {
      streams.push(...(await Promise.all(Array.from({ length: 100 }, () => open(alice)))));
    }
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect(hub.openStreams).toBe(1000);
    const task = await createTask(sut, alice, { title: 'to a thousand' });
    await Promise.all(streams.map((s) => s.waitFor(1, (e) => e.data.taskId === task.id)));
    // On a loaded machine the 500 ms watchdog may miss its ping and reset every stream: resets are not the event
    // under test (each is counted as sent too), so they are taken out of the count.
    expect(metrics.eventsSent - before - (metrics.resetsSent - resetsBefore)).toBe(1000);
    for (const stream of streams) stream.close();
    await eventually(() => hub.openStreams === 0 && hub.subscribedUsers === 0 && metrics.openStreams === 0);
  }, 60_000);

  it('refuses streams past the per-user cap with 429 problem+json and Retry-After', async () => {
    const limited = await startTestApp({ EVENTS_MAX_STREAMS_PER_USER: '2' });
    try {
      await limited.app.listen(0, '127.0.0.1');
      const port = (limited.app.getHttpServer().address() as AddressInfo).port;
      const user = await signUp(limited);
      const target = `http://127.0.0.1:${port}/api/v1/tasks/events`;
      const held = [await openStream(target, user.auth), await openStream(target, user.auth)];
      const refused = await openStream(target, user.auth);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.headers['retry-after']).toBeDefined();
      expect(JSON.parse(refused.body)).toMatchObject({ status: 429 });
      held[0]!.close();
      await eventually(() => limited.app.get(RealtimeHub).openStreams === 1);
      const again = await openStream(target, user.auth);
      expect(again.status).toBe(200);
      again.close();
      held[1]!.close();
    } finally {
      await limited.close();
    }
  });

  it('ends open streams when the application closes, without waiting for the grace period', async () => {
    const stream = await open(alice);
    const started = Date.now();
    await sut.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hub.openStreams).toBe(0);
  });
});
