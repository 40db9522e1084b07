// Shared-project delivery benchmark (not a test). Two API processes on one fresh PostgreSQL database, one project
// with MEMBERS members (the owner included), each holding an open stream, split across both replicas. The owner
// makes WRITES task writes through replica A, one at a time; for every recipient the latency from the write's
// acknowledgement to the event's arrival on their stream is measured, then p50/p95 per replica and overall.
// Usage: DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres WRITES=200 node bench/shared-delivery.mjs
// PORT_A / PORT_B pick the replicas' ports (default: free ones). Builds the API into backend/.test-dist-bench-<pid>
// (removed afterwards); creates and drops its own database.
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
  signUp,
  sleep,
  startApi,
} from './lib.mjs';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MEMBERS = Number(process.env.MEMBERS ?? 50);
const WRITES = Number(process.env.WRITES ?? 200);

const summary = (latencies) => {
  const sorted = [...latencies].sort((x, y) => x - y);
  const fmt = (v) => (v === undefined ? '-' : v.toFixed(2));
  return `p50 ${fmt(percentile(sorted, 50))} p95 ${fmt(percentile(sorted, 95))} max ${fmt(sorted.at(-1))} (n=${sorted.length})`;
};

const dist = buildPrivateDist(join(BACKEND, `.test-dist-bench-${process.pid}`));
const database = await createDatabase(SERVER_URL, 'todo_bench');
const children = [];
try {
  const env = { DATABASE_URL: database.url, JWT_SECRET: randomBytes(48).toString('base64url') };
  const a = await startApi(dist.dir, env, { port: pinnedPort('PORT_A') });
  children.push(a.child);
  const b = await startApi(
    dist.dir,
    { ...env, DB_MIGRATE_ON_START: 'false' },
    { port: pinnedPort('PORT_B') },
  );
  children.push(b.child);

  const owner = await signUp(a.base);
  const project = await call(a.base, 'POST', '/projects', owner, { name: 'Shared bench' });
  const tokens = [owner];
  for (let i = 1; i < MEMBERS; i++) {
    const member = await signUp(a.base);
    const invitation = await call(a.base, 'POST', `/projects/${project.id}/invitations`, owner, {
      role: i % 2 ? 'editor' : 'viewer',
    });
    await call(a.base, 'POST', '/invitations/accept', member, { token: invitation.token });
    tokens.push(member);
  }

  // Recipient r's deliveries: taskId -> arrival time; even recipients on A, odd on B.
  const deliveries = tokens.map(() => new Map());
  const replicaOf = (r) => (r % 2 ? 'B' : 'A');
  const streams = await Promise.all(
    tokens.map((token, r) =>
      openStream(r % 2 ? b.base : a.base, token, (data, at) => {
        if (data.taskId) deliveries[r].set(data.taskId, at);
      }),
    ),
  );

  const warmUp = [];
  for (let i = 0; i < 20; i++)
    warmUp.push(
      await call(a.base, 'POST', '/tasks', owner, { title: `warm-up ${i}`, projectId: project.id }),
    );
  while (!deliveries.every((seen) => seen.has(warmUp.at(-1).id))) await sleep(5);

  const latencies = { A: [], B: [] };
  let early = 0;
  const started = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const task = await call(a.base, 'POST', '/tasks', owner, { title: `event ${i}`, projectId: project.id });
    const ackAt = performance.now();
    const deadline = ackAt + 10_000;
    while (!deliveries.every((seen) => seen.has(task.id))) {
      if (performance.now() > deadline) throw new Error(`write ${i}: not every member heard it within 10 s`);
      await new Promise((r) => setImmediate(r));
    }
    deliveries.forEach((seen, r) => {
      const latency = seen.get(task.id) - ackAt;
      if (latency < 0) early++;
      latencies[replicaOf(r)].push(Math.max(0, latency));
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${MEMBERS} members (${Math.ceil(MEMBERS / 2)} streams on A, ${Math.floor(MEMBERS / 2)} on B), ${WRITES} writes ` +
      `through A in ${seconds.toFixed(1)} s; write ack -> delivery per recipient (ms):`,
  );
  console.log(`  on A (same replica):  ${summary(latencies.A)}`);
  console.log(`  on B (other replica): ${summary(latencies.B)}`);
  console.log(
    `  all:                  ${summary([...latencies.A, ...latencies.B])}; ${early} before the ack`,
  );
  for (const stream of streams) stream.destroy();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sleep(1500);
  await database.drop().catch(() => {});
  dist.remove();
}
