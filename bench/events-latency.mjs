// Live events benchmark (not a test). Two API processes on one fresh PostgreSQL database:
//  1. latency from write acknowledgement on replica A to delivery on a stream held by replica B (1,000 events);
//  2. idle streams one process holds, with its RSS, up to STREAMS (default 10,000), then one event fanned out.
// Usage: DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/events-latency.mjs
// PORT_A / PORT_B / PORT_C pick the replicas' ports (default: free ones). Builds the API into
// backend/.test-dist-bench-<pid> (removed afterwards); creates and drops its own database.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  BACKEND,
  buildPrivateDist,
  call,
  createDatabase,
  openStream,
  percentile,
  pinnedPort,
  rssMb,
  signUp,
  sleep,
  startApi,
} from './lib.mjs';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.EVENTS ?? 1000);
const STREAMS = Number(process.env.STREAMS ?? 10_000);
const USERS = Number(process.env.STREAM_USERS ?? 100);

const dist = buildPrivateDist(join(BACKEND, `.test-dist-bench-${process.pid}`));
const database = await createDatabase(SERVER_URL, 'todo_bench');
const children = [];
try {
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    EVENTS_MAX_STREAMS: String(STREAMS + 100),
    EVENTS_MAX_STREAMS_PER_USER: String(Math.ceil(STREAMS / USERS) + 10),
  };
  const a = await startApi(dist.dir, env, { port: pinnedPort('PORT_A') });
  children.push(a.child);
  const b = await startApi(
    dist.dir,
    { ...env, DB_MIGRATE_ON_START: 'false' },
    { port: pinnedPort('PORT_B') },
  );
  children.push(b.child);

  // 1. Cross-replica latency, one write at a time.
  const token = await signUp(a.base);
  const deliveries = new Map();
  const stream = await openStream(b.base, token, (data, at) => deliveries.set(data.taskId, at));
  for (let i = 0; i < 50; i++) await call(a.base, 'POST', '/tasks', token, { title: `warm-up ${i}` });
  await sleep(200);
  const latencies = [];
  let early = 0;
  for (let i = 0; i < EVENTS; i++) {
    const task = await call(a.base, 'POST', '/tasks', token, { title: `event ${i}` });
    const ackAt = performance.now();
    // Delivery time is taken when the bytes arrive; the event may even beat the acknowledgement (counted as 0).
    while (!deliveries.has(task.id)) await new Promise((r) => setImmediate(r));
    const latency = deliveries.get(task.id) - ackAt;
    if (latency < 0) early++;
    latencies.push(Math.max(0, latency));
  }
  stream.destroy();
  latencies.sort((x, y) => x - y);
  const fmt = (v) => v.toFixed(2);
  console.log(
    `latency over ${EVENTS} events (ms, write ack on A -> delivery on B): p50 ${fmt(percentile(latencies, 50))} ` +
      `p95 ${fmt(percentile(latencies, 95))} p99 ${fmt(percentile(latencies, 99))} max ${fmt(latencies.at(-1))}; ${early} delivered before the ack arrived`,
  );

  // 2. Idle streams on a fresh replica C (its own baseline), optionally with a capped heap as in a 256 MB pod.
  const idleArgs = (process.env.IDLE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const c = await startApi(
    dist.dir,
    { ...env, DB_MIGRATE_ON_START: 'false' },
    { nodeArgs: idleArgs, port: pinnedPort('PORT_C') },
  );
  children.push(c.child);
  console.log(`idle-stream replica node args: ${idleArgs.join(' ') || '(defaults)'}`);
  const tokens = [];
  for (let i = 0; i < USERS; i++) tokens.push(await signUp(a.base));
  const baseline = rssMb(c.child.pid);
  console.log(`C before streams: RSS ${baseline.toFixed(0)} MB`);
  const held = [];
  let received = 0;
  const started = performance.now();
  for (let opened = 0; opened < STREAMS;) {
    const batch = Math.min(250, STREAMS - opened);
    held.push(
      ...(await Promise.all(
        Array.from({ length: batch }, (_, k) =>
          openStream(c.base, tokens[(opened + k) % USERS], () => received++),
        ),
      )),
    );
    opened += batch;
    if (opened % 2500 === 0)
      console.log(`  ${opened} streams open: C RSS ${rssMb(c.child.pid).toFixed(0)} MB`);
  }
  console.log(`opened ${STREAMS} streams in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await sleep(3000);
  const loaded = rssMb(c.child.pid);
  console.log(
    `C with ${STREAMS} idle streams: RSS ${loaded.toFixed(0)} MB (+${(loaded - baseline).toFixed(0)} MB)`,
  );
  const fanStart = performance.now();
  await Promise.all(tokens.map((t) => call(a.base, 'POST', '/tasks', t, { title: 'fan-out' })));
  while (received < STREAMS && performance.now() - fanStart < 30_000) await sleep(5);
  console.log(
    `one event per user (${USERS} writes) reached ${received}/${STREAMS} streams in ${(performance.now() - fanStart).toFixed(0)} ms; ` +
      `C RSS ${rssMb(c.child.pid).toFixed(0)} MB`,
  );
  for (const req of held) req.destroy();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sleep(1500);
  await database.drop().catch(() => {});
  dist.remove();
}
