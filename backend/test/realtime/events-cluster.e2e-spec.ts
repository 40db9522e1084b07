import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiDatabaseEnv } from '../support/database-env.js';
import type {} from '../support/provided.js';
import { type ApiProcess, buildPrivateDist, startApi } from '../../../scripts/lib/api-process.mjs';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { apiClient } from './cluster.js';
import { eventually, openStream, sleep } from './sse-client.js';

const provided = inject('database');

/**
 * Two API processes on one real PostgreSQL database: the cross-replica path through LISTEN/NOTIFY, resume
 * across replicas, a database "restart" under an open stream, and SIGTERM draining.
 *
 * The restart is simulated by terminating every connection to this test's own database
 * (pg_terminate_backend): to the API that is exactly what a restart looks like (the listener and the pool
 * lose their sessions and reconnect), while `pg_ctlcluster 15 main restart` would break every colleague's
 * tests on the shared cluster.
 */
describe.skipIf(provided.kind !== 'postgres')('task events across two API processes', () => {
  let dist: ReturnType<typeof buildPrivateDist>;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: ApiProcess;
  let b: ApiProcess;
  const jwtSecret = `test-${Math.random().toString(36).slice(2)}-${'x'.repeat(40)}`;

  beforeAll(async () => {
    if (provided.kind !== 'postgres') return;
    dist = buildPrivateDist();
    const server = new URL(provided.url);
    server.pathname = '/postgres';
    database = await createDatabase(server.toString());
    const env = {
      ...apiDatabaseEnv(database.url, provided.pooler),
      JWT_SECRET: jwtSecret,
      EVENTS_HEARTBEAT_MS: '1000',
    };
    a = await startApi(dist.dir, env);
    b = await startApi(dist.dir, { ...env, DB_MIGRATE_ON_START: 'false' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    dist?.remove();
  });

  it('delivers a change made through A to the owner’s stream on B, in order, and to no one else', async () => {
    const api = apiClient(a.base);
    const owner = await api.signUp('owner');
    const other = await api.signUp('other');
    const onB = await openStream(`${b.base}/api/v1/tasks/events`, { authorization: `Bearer ${owner.token}` });
    const otherOnB = await openStream(`${b.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${other.token}`,
    });
    expect(onB.status).toBe(200);

    const task = await api.createTask(owner.token, 'cross replica');
    await api.updateTask(owner.token, task.id, { title: 'cross replica, renamed' });
    await api.deleteTask(owner.token, task.id);

    const events = await onB.waitFor(3);
    expect(events.map((e) => e.event)).toEqual(['task.created', 'task.updated', 'task.deleted']);
    expect(events.every((e) => e.data.taskId === task.id)).toBe(true);
    expect(events[1]!.data.task).toMatchObject({ title: 'cross replica, renamed' });
    await sleep(300);
    expect(onB.events).toHaveLength(3);
    expect(otherOnB.events).toEqual([]);
    onB.close();
    otherOnB.close();
  });

  it('stops carrying a project to a member on B right after the owner removes them on A', async () => {
    const api = apiClient(a.base);
    const owner = await api.signUp('sharer');
    const member = await api.signUp('member');
    const project = await api.createProject(owner.token, 'Shared across replicas');
    await api.share(owner.token, project.id, member.token, 'editor');
    const memberOnB = await openStream(`${b.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${member.token}`,
    });
    const ownerOnA = await openStream(`${a.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${owner.token}`,
    });
    const before = await api.createTaskIn(owner.token, project.id, 'while shared');
    const [heard] = await memberOnB.waitFor(1, (e) => e.data.taskId === before.id);
    expect(heard!.data).toMatchObject({ type: 'task.created', projectId: project.id });

    await api.removeMember(owner.token, project.id, member.id);
    const after = await api.createTaskIn(owner.token, project.id, 'after removal');
    const [removed] = await memberOnB.waitFor(1, (e) => e.event === 'member.removed');
    expect(removed!.data).toEqual({ type: 'member.removed', projectId: project.id, userId: member.id });
    await ownerOnA.waitFor(1, (e) => e.data.taskId === after.id);
    // The member's own changes still reach them on B: the stream is alive, only the project has left it.
    const own = await api.createTask(member.token, 'mine');
    await memberOnB.waitFor(1, (e) => e.data.taskId === own.id);
    const removedAt = memberOnB.events.indexOf(removed!);
    expect(memberOnB.events.slice(removedAt + 1).filter((e) => e.data.projectId === project.id)).toEqual([]);
    memberOnB.close();
    ownerOnA.close();
  });

  it('resumes on A, exactly once, from the Last-Event-ID a stream on B gave', async () => {
    const api = apiClient(a.base);
    const user = await api.signUp('resumer');
    const auth = { authorization: `Bearer ${user.token}` };
    const onB = await openStream(`${b.base}/api/v1/tasks/events`, auth);
    const seen = await api.createTask(user.token, 'seen');
    await onB.waitFor(1, (e) => e.data.taskId === seen.id);
    onB.close();

    const missed = [
      await api.createTask(user.token, 'missed 1'),
      await api.createTask(user.token, 'missed 2'),
    ];
    await api.deleteTask(user.token, missed[0]!.id);

    const onA = await openStream(`${a.base}/api/v1/tasks/events`, {
      ...auth,
      'last-event-id': onB.lastEventId,
    });
    await onA.waitFor(3);
    await sleep(300);
    expect(onA.events.map((e) => [e.event, e.data.taskId])).toEqual([
      ['task.created', missed[0]!.id],
      ['task.created', missed[1]!.id],
      ['task.deleted', missed[0]!.id],
    ]);
    onA.close();
  });

  it('ends a stream on B within moments of its token being revoked on A, before any later change', async () => {
    const api = apiClient(a.base);
    const user = await api.signUp('revoker');
    const pat = await api.createToken(user.token, 'agent on B');
    const onB = await openStream(`${b.base}/api/v1/tasks/events`, { authorization: `Bearer ${pat.token}` });
    const sessionOnB = await openStream(`${b.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${user.token}`,
    });
    expect(onB.status).toBe(200);

    await api.revokeToken(user.token, pat.id);
    const revokedAt = Date.now();
    const after = await api.createTask(user.token, 'after revocation');

    await onB.ended;
    expect(Date.now() - revokedAt).toBeLessThan(2000);
    expect(onB.events).toEqual([
      {
        id: expect.any(String),
        event: 'reauthenticate',
        data: { type: 'reauthenticate', reason: 'revoked' },
      },
    ]);
    await sessionOnB.waitFor(1, (e) => e.data.taskId === after.id);
    sessionOnB.close();
  });

  it('ends the streams of a session signed out on A, on B, and not those of the person’s other session', async () => {
    const api = apiClient(a.base);
    const user = await api.signUp('leaver');
    const other = await api.signIn(user.email);
    const signedOut = await openStream(`${b.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${user.token}`,
    });
    const staying = await openStream(`${b.base}/api/v1/tasks/events`, {
      authorization: `Bearer ${other.token}`,
    });

    await api.signOut(user.refreshToken);
    const after = await api.createTask(other.token, 'after sign-out');

    await signedOut.ended;
    expect(signedOut.events.map((e) => e.event)).toEqual(['reauthenticate']);
    await staying.waitFor(1, (e) => e.data.taskId === after.id);
    staying.close();
  });

  it('sends reset when the database connections are cut, then flows again without restarting the API', async () => {
    const api = apiClient(a.base);
    const user = await api.signUp('survivor');
    const onB = await openStream(`${b.base}/api/v1/tasks/events`, { authorization: `Bearer ${user.token}` });
    expect(onB.status).toBe(200);

    expect(await database.terminateConnections()).toBeGreaterThan(0);
    const [reset] = await onB.waitFor(1, (e) => e.event === 'reset', 15_000);
    expect(reset!.data.type).toBe('reset');
    expect(['listener-reconnected', 'listener-restarted']).toContain(reset!.data.reason);

    // A's pool lost its sessions too; postgres.js reconnects on the next query (a client would retry).
    let task: { id: string } | undefined;
    for (let attempt = 0; !task && attempt < 20; attempt++) {
      task = await api.createTask(user.token, 'after restart').catch(() => undefined);
      if (!task) await sleep(250);
    }
    await onB.waitFor(1, (e) => e.data.taskId === task!.id, 10_000);
    expect(b.child.exitCode).toBeNull();
    onB.close();
  }, 40_000);

  it('ends open streams and exits 0 promptly on SIGTERM', async () => {
    const user = await apiClient(a.base).signUp('drained');
    const onB = await openStream(`${b.base}/api/v1/tasks/events`, { authorization: `Bearer ${user.token}` });
    expect(onB.status).toBe(200);
    const started = Date.now();
    const code = await b.stop('SIGTERM');
    await onB.ended;
    expect(code).toBe(0);
    // Well inside the default 10 s SHUTDOWN_GRACE_MS: streams do not hold the exit (about 1 s here, 6 s on a loaded CI).
    expect(Date.now() - started).toBeLessThan(8000);
    await eventually(() => b.child.exitCode !== null);
  });
});
