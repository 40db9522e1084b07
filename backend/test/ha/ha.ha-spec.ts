import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildPrivateDist, freePort } from '../../../scripts/lib/api-process.mjs';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { apiClient } from '../realtime/cluster.js';
import { apiDatabaseEnv } from '../support/database-env.js';
import type {} from '../support/provided.js';
import { sleep } from '../realtime/sse-client.js';
import { nginxBinary, Replica, startNginx } from './ha-cluster.js';
import { type Outcome, writeLoad } from './write-load.js';

const SERVER = process.env.TEST_DATABASE_URL;
const REASON = !SERVER
  ? 'TEST_DATABASE_URL is not set (two API processes need a shared PostgreSQL)'
  : !nginxBinary()
    ? 'nginx is not installed (apt-get install -y nginx)'
    : undefined;
if (REASON) console.warn(`[ha] high-availability suite skipped: ${REASON}`);
if (REASON && SERVER && process.env.CI) throw new Error(`[ha] cannot run in CI: ${REASON}`);

/**
 * How the database "restarts". In CI (CI=true) on a machine whose PostgreSQL is a local Debian cluster, the real
 * thing: `pg_ctlcluster <version> main stop`, a pause, `start` (CI runs this suite after every other one, see
 * vitest.config.ts, because a restart cuts every connection on the server). Elsewhere — a shared development
 * machine, or a service container — an outage of this suite's own database: new connections refused and
 * existing ones cut, which is what the API sees of a restart. HA_PG_RESTART=real|simulated forces either.
 */
function outageMode(): 'real' | 'simulated' {
  const forced = process.env.HA_PG_RESTART;
  if (forced === 'real' || forced === 'simulated') return forced;
  if (!process.env.CI) return 'simulated';
  try {
    execFileSync('sh', ['-c', 'command -v pg_ctlcluster && pg_lsclusters -h | grep -q online'], {
      stdio: 'ignore',
    });
    return 'real';
  } catch {
    return 'simulated';
  }
}
const clusterVersion = () =>
  execFileSync('sh', ['-c', "pg_lsclusters -h | awk '$3==5432 {print $1; exit}'"], {
    encoding: 'utf8',
  }).trim();

const summarize = (outcomes: Outcome[]) => ({
  requests: outcomes.reduce((n, o) => n + o.attempts.length, 0),
  acknowledged: outcomes.filter((o) => o.acknowledged).length,
  failedAttempts: outcomes.flatMap((o) => o.attempts).filter((s) => s !== 201),
  serverErrors: outcomes.flatMap((o) => o.attempts).filter((s) => s >= 500),
  badGateways: outcomes.flatMap((o) => o.attempts).filter((s) => s === 502).length,
});

// Set in the vitest project ha-pgbouncer: the replicas query through PgBouncer (transaction mode), LISTEN direct.
const pooler = inject('pooler');
const SUITE = `high availability: two API processes behind nginx${pooler ? ', through PgBouncer' : ''}`;

describe.skipIf(!!REASON)(SUITE, () => {
  const SHUTDOWN_DELAY_MS = 1500;
  let dist: ReturnType<typeof buildPrivateDist>;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let sql: postgres.Sql;
  let replicas: Replica[];
  let nginx: Awaited<ReturnType<typeof startNginx>>;
  let token: string;

  /** Every task title (= Idempotency-Key) of `keys` with how many rows carry it. */
  const rowsPerKey = async (keys: string[]) => {
    const rows = await sql<{ title: string; n: number }[]>`
      select title, count(*)::int as n from tasks where title = any(${keys}) group by title`;
    return new Map(rows.map((r) => [r.title, r.n]));
  };
  const expectExactlyOnce = async (outcomes: Outcome[]) => {
    const acknowledged = outcomes.filter((o) => o.acknowledged).map((o) => o.key);
    const counts = await rowsPerKey(outcomes.map((o) => o.key));
    const missing = acknowledged.filter((key) => counts.get(key) !== 1);
    const duplicated = [...counts].filter(([, n]) => n > 1);
    expect(missing, 'acknowledged writes not present exactly once').toEqual([]);
    expect(duplicated, 'duplicated writes').toEqual([]);
  };

  beforeAll(async () => {
    dist = buildPrivateDist();
    database = await createDatabase(SERVER!);
    sql = postgres(database.url, { max: 2, onnotice: () => undefined });
    const env = {
      ...apiDatabaseEnv(database.url, pooler),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
      SHUTDOWN_GRACE_MS: '10000',
      DB_CONNECT_TIMEOUT_MS: '1000',
      // One account writes as fast as the replicas take it; no quota may stop the load.
      MAX_TASKS_PER_USER: '100000000',
    };
    replicas = [
      new Replica('api-a', await freePort(), dist.dir, env),
      new Replica('api-b', await freePort(), dist.dir, env),
    ];
    // One at a time: the first migrates the fresh database.
    for (const replica of replicas) await replica.start();
    nginx = await startNginx(replicas);
    token = (await apiClient(nginx.base).signUp('ha')).token;
  }, 180_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const replica of replicas ?? []) await replica.stop('SIGTERM');
    await sql?.end();
    await database?.drop();
    dist?.remove();
  });

  it('(a) rolling restart behind a proxy that never retries a POST: zero 502s, zero failed requests', async () => {
    const load = writeLoad(nginx.strictBase, token, { workers: 6, retries: 0 });
    await sleep(1000);
    for (const replica of [...replicas, ...replicas]) {
      expect(await replica.stop('SIGTERM')).toBe(0);
      await sleep(500);
      await replica.start();
      await sleep(1500);
    }
    const outcomes = await load.stop();
    const summary = summarize(outcomes);
    console.info(
      `[ha] rolling restart: ${summary.requests} writes, ${summary.acknowledged} acknowledged, ` +
        `${summary.badGateways} 502s`,
    );
    expect(summary.requests).toBeGreaterThan(50);
    const upstreamErrors = nginx
      .errorLog()
      .split('\n')
      .filter((line) => line.includes('[error]') && !line.includes('Connection refused')); // refusals are retried
    expect(summary.badGateways, upstreamErrors.join('\n')).toBe(0);
    expect(summary.serverErrors).toEqual([]);
    expect(summary.failedAttempts).toEqual([]);
    await expectExactlyOnce(outcomes);
  }, 120_000);

  it('(b) SIGKILL of one: only in-flight requests fail, and their retries succeed without duplicates', async () => {
    const load = writeLoad(nginx.base, token, { workers: 6, retries: 3 });
    await sleep(1000);
    const victim = replicas[0]!;
    await victim.stop('SIGKILL');
    await sleep(3000);
    await victim.start();
    await sleep(1000);
    const outcomes = await load.stop();
    const summary = summarize(outcomes);
    const failedFirst = outcomes.filter((o) => o.attempts[0] !== 201);
    console.info(
      `[ha] SIGKILL: ${summary.requests} requests, ${failedFirst.length} failed at first (nginx retries the rest)`,
    );
    // At most one request per client was in flight when the process died.
    expect(failedFirst.length).toBeLessThanOrEqual(6);
    expect(outcomes.every((o) => o.acknowledged)).toBe(true);
    await expectExactlyOnce(outcomes);
  }, 120_000);

  let REAL_CLUSTER_VERSION = '';
  it('(c) PostgreSQL restarted mid-load: not ready during the outage, ready within 10 s after, every acknowledged write once', async () => {
    const mode = outageMode();
    if (mode === 'real') REAL_CLUSTER_VERSION = clusterVersion();
    const pids = replicas.map((r) => r.pid);
    const load = writeLoad(nginx.base, token, { workers: 4, retries: 150, retryDelayMs: 200 });
    await sleep(1000);
    const admin = postgres(SERVER!, { max: 1, onnotice: () => undefined });
    let during: number[] | undefined;
    let restored = 0;
    try {
      if (mode === 'real') {
        await admin.end();
        execFileSync('pg_ctlcluster', [
          '--skip-systemctl-redirect',
          REAL_CLUSTER_VERSION,
          'main',
          'stop',
          '-m',
          'fast',
        ]);
      } else {
        await admin.unsafe(`alter database ${database.name} allow_connections false`);
        await database.terminateConnections();
      }
      await sleep(2500);
      during = await Promise.all(replicas.map((r) => r.readiness()));
    } finally {
      // Whatever happened above, the database comes back.
      if (mode === 'real') {
        execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', REAL_CLUSTER_VERSION, 'main', 'start']);
      } else {
        await admin.unsafe(`alter database ${database.name} allow_connections true`);
        await admin.end();
      }
      restored = Date.now();
    }
    // Readiness said 503 on both while the database was gone.
    expect(during, `readiness during the outage (${mode})`).toEqual([503, 503]);
    const backAfter = await Promise.all(
      replicas.map(async (replica) => {
        while (!(await replica.ready())) {
          if (Date.now() - restored > 10_000) return Infinity;
          await sleep(100);
        }
        return Date.now() - restored;
      }),
    );
    console.info(
      `[ha] PostgreSQL ${mode} restart: ready again after ${backAfter.map((ms) => `${ms} ms`).join(', ')}`,
    );
    expect(Math.max(...backAfter)).toBeLessThanOrEqual(10_000);
    await sleep(1500);
    const outcomes = await load.stop();
    expect(
      replicas.map((r) => r.pid),
      'no process restarted',
    ).toEqual(pids);
    expect(replicas.every((r) => r.child?.exitCode === null)).toBe(true);
    const summary = summarize(outcomes);
    console.info(
      `[ha] during the outage: ${summary.failedAttempts.length} failed attempts, ${summary.acknowledged}/${outcomes.length} keys acknowledged`,
    );
    expect(outcomes.every((o) => o.acknowledged)).toBe(true);
    await expectExactlyOnce(outcomes);
  }, 120_000);
});
