import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiDatabaseEnv } from '../support/database-env.js';
import type {} from '../support/provided.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { type ApiProcess, buildPrivateDist, startApi } from '../../../scripts/lib/api-process.mjs';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { apiClient } from './cluster.js';
import { sleep } from './sse-client.js';

const provided = inject('database');

/**
 * Issue 19's fault test: two API processes on one PostgreSQL deliver one webhook's messages while tasks are being
 * written through both; one process is killed (SIGKILL: no drain, claims and fan-outs cut off wherever they are).
 * Every change that committed still reaches the receiver, under exactly one webhook-id each; a webhook-id seen twice
 * is a retry of the same message (the same bytes), never a second message for one change.
 */
describe.skipIf(provided.kind !== 'postgres')('webhooks across two API processes, one of them killed', () => {
  let dist: ReturnType<typeof buildPrivateDist>;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let receiver: WebhookReceiver;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    if (provided.kind !== 'postgres') return;
    dist = buildPrivateDist();
    const server = new URL(provided.url);
    server.pathname = '/postgres';
    database = await createDatabase(server.toString());
    receiver = await startWebhookReceiver(18320);
    // Slow answers keep deliveries in flight, so the kill lands in the middle of some.
    receiver.delayMs = 40;
    const env = {
      ...apiDatabaseEnv(database.url, provided.pooler),
      JWT_SECRET: `test-${Math.random().toString(36).slice(2)}-${'x'.repeat(40)}`,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_CA_FILE: receiver.caFile,
      WEBHOOK_RETRY_BASE_MS: '50',
      RATE_LIMIT_ENABLED: 'false',
    };
    a = await startApi(dist.dir, env, { port: 18321 });
    b = await startApi(dist.dir, { ...env, DB_MIGRATE_ON_START: 'false' }, { port: 18322 });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop()]);
    await receiver?.close();
    await database?.drop();
    dist?.remove();
  });

  it('delivers every committed change exactly once per webhook-id after one process is SIGKILLed mid-stream', async () => {
    const owner = await apiClient(b.base).signUp('hooks');
    const created = await fetch(`${b.base}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ url: receiver.url, events: ['task.created', 'task.updated'] }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };

    // A stream of writes through both processes; A is killed halfway. Writes to A after that fail (not committed,
    // or committed without an answer: the log decides what counts, below).
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i += 1) {
      const through = apiClient((i % 2 === 0 ? a : b).base);
      writes.push(
        through
          .createTask(owner.token, `task ${i}`)
          .then((task) => through.updateTask(owner.token, task.id, { title: `task ${i}, renamed` }))
          .catch(() => undefined),
      );
      if (i === 30) a.child.kill('SIGKILL');
      await sleep(15);
    }
    await Promise.all(writes);
    await a.exited;

    const sql = postgres(database.url, { max: 1 });
    try {
      const committed = await sql<{ id: string }[]>`
        select id::text from task_events where user_id = ${owner.id} and type in ('task.created', 'task.updated')`;
      expect(committed.length).toBeGreaterThan(40);
      const distinctIds = () => new Set(receiver.received.map((m) => m.headers['webhook-id']));
      const deadline = Date.now() + 90_000;
      while (distinctIds().size < committed.length && Date.now() < deadline) await sleep(200);

      // One delivery per committed event, each received; nothing received that is not one of them.
      const deliveries = await sql<{ id: string; event_id: string }[]>`
        select id::text, event_id::text from webhook_deliveries where event_id is not null`;
      expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set(committed.map((e) => e.id)));
      expect(distinctIds()).toEqual(new Set(deliveries.map((d) => d.id)));
      // A repeated webhook-id is a retry: the same bytes, validly signed.
      const bodies = new Map<string, string>();
      for (const message of receiver.received) {
        new Webhook(secret).verify(message.body, message.headers);
        const seen = bodies.get(message.headers['webhook-id']!);
        if (seen !== undefined) expect(message.body).toBe(seen);
        bodies.set(message.headers['webhook-id']!, message.body);
      }
      // And each task's created message came before its update's.
      const order = receiver.received
        .filter(
          (m, i, all) => all.findIndex((n) => n.headers['webhook-id'] === m.headers['webhook-id']) === i,
        )
        .map((m) => JSON.parse(m.body) as { type: string; data: { id: string } });
      for (const update of order.filter((m) => m.type === 'task.updated')) {
        const createdAt = order.findIndex((m) => m.type === 'task.created' && m.data.id === update.data.id);
        expect(createdAt).toBeGreaterThanOrEqual(0);
        expect(createdAt).toBeLessThan(order.indexOf(update));
      }
    } finally {
      await sql.end();
    }
  }, 180_000);
});
