// API vs raw baseline under load, interleaved A B A B, on a throwaway PostgreSQL database.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/load.mjs
// Options (env): DURATION=10 (s per run), ROUNDS=2, CONNECTIONS=64, SCENARIOS=list,get,create,patch,ready,
// API_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/profiles" (RAW_NODE_ARGS for the raw baseline; unset, the raw
// baseline takes the heap-size flags of API_NODE_ARGS), LOG_LEVEL=info, DB_POOL_MAX=10, BENCH_SKIP_BUILD=1,
// BENCH_DIST=backend/.perf-dist (private build folder), BENCH_PORT=19200 (first of the four ports the API and raw
// processes listen on; default: free ones). Reports req/s, latency, API and raw CPU time per request (from /proc,
// Linux), peak RSS, and in each run's JSON line the read and write system calls per request (`syscallsPerReq`) and
// the bytes of each response, head and body (`bytesPerRes`).
// POOLER=direct (default) | pgbouncer | both: `pgbouncer` puts a real PgBouncer in transaction mode
// (scripts/lib/pgbouncer.mjs) in front of the database for the queries of BOTH the API and the raw baseline, each
// then without prepared statements (DATABASE_POOL_MODE=transaction); the API's LISTEN and migrations stay direct.
// `both` interleaves direct and pooled pairs in one run and adds the API/raw ratio through PgBouncer to the table.
// PGBOUNCER_POOL_SIZE (server connections, default DB_POOL_MAX: the pooler adds its hop, not a queue),
// PGBOUNCER_PORT (default: a free one). RAW_BASELINE=<file>: another raw baseline (an earlier release's, to measure
// that release's build against the SQL it ran). BENCH_NODE=image (default: the Node of the API image, fetched once;
// bench/node-runtime.mjs) | current | <path>: the Node both servers run on.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pooledApiEnv, startPgBouncer } from '../scripts/lib/pgbouncer.mjs';
import {
  buildApi,
  cpuMs,
  createDatabase,
  freePort,
  loadRun,
  median,
  ROOT,
  rssSampler,
  startApi,
  startProcess,
} from './lib.mjs';
import { benchNode } from './node-runtime.mjs';

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const POOL = process.env.DB_POOL_MAX ?? '10';
const SCENARIOS = (process.env.SCENARIOS ?? 'list,get,create,patch,ready').split(',');
const POOLER = process.env.POOLER ?? 'direct';
// An earlier release's baseline (`git show <rev>:bench/raw-baseline.mjs > /tmp/raw.mjs`) when measuring its build.
const RAW_BASELINE = process.env.RAW_BASELINE
  ? resolve(process.env.RAW_BASELINE)
  : join(ROOT, 'bench/raw-baseline.mjs');
const nodeArgs = (value) => (value ?? '').split(' ').filter(Boolean);
const API_NODE_ARGS = nodeArgs(process.env.API_NODE_ARGS);
// Both servers get the same heap budget unless told otherwise. With Node's default, sized from the machine's memory
// (a 128 MB young generation on this 24 GiB machine), the raw server copied a list page's rows in a quarter of the
// scavenges and peaked at ~290 MB: its lead on list was partly memory the API is not given (bench/RESULTS.md, round 15).
const HEAP_SIZE_FLAG = /^--(max|min)-(semi|old)-space-size=/;
const RAW_NODE_ARGS =
  process.env.RAW_NODE_ARGS === undefined
    ? API_NODE_ARGS.filter((flag) => HEAP_SIZE_FLAG.test(flag))
    : nodeArgs(process.env.RAW_NODE_ARGS);
const MODES = { direct: ['direct'], pgbouncer: ['pgbouncer'], both: ['direct', 'pgbouncer'] }[POOLER];
if (!MODES) throw new Error(`POOLER=${POOLER}: expected direct, pgbouncer or both`);
const POOLER_SIZE = Number(process.env.PGBOUNCER_POOL_SIZE ?? POOL);
let nextPort = Number(process.env.BENCH_PORT) || undefined;
const port = async () => (nextPort ? nextPort++ : freePort());

// Read and write system calls a process has made, from /proc (Linux): socket reads and writes per request show
// how much the process batches (several messages in one write) or not.
const syscalls = (pid) => {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/syscr: (\d+)/.exec(io)[1]) + Number(/syscw: (\d+)/.exec(io)[1]);
};

const node = benchNode();
console.log(
  `both servers on Node ${node.version} (${node.binary}); raw baseline flags: ${RAW_NODE_ARGS.join(' ') || 'none'}`,
);
const dist = buildApi();
const database = await createDatabase(SERVER, 'todo_bench');
const secret = randomBytes(48).toString('base64url');
const processes = [];
const logDir = process.env.API_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'bench-api-logs-'));
let pgbouncer;
try {
  if (MODES.includes('pgbouncer')) {
    const pinned = Number(process.env.PGBOUNCER_PORT) || undefined;
    pgbouncer = await startPgBouncer({ serverUrl: SERVER, port: pinned, poolSize: POOLER_SIZE });
  }
  /** The database environment both processes of a mode share (the API reads the LISTEN and migration URLs). */
  const databaseEnv = (mode) =>
    mode === 'direct'
      ? { DATABASE_URL: database.url }
      : pooledApiEnv(database.url, pgbouncer.pooled(database.url));
  /** An API and a raw baseline on the same database, both direct or both through PgBouncer. */
  const startPair = async (mode) => {
    const common = { ...databaseEnv(mode), JWT_SECRET: secret, DB_POOL_MAX: POOL, HOST: '127.0.0.1' };
    const apiPort = await port();
    // The API's log lines go straight to a file, as a container's stdout goes to its runtime: read through this
    // process they would take CPU from the load generator during API runs only (API_LOG_DIR keeps the files).
    const logFile = openSync(join(logDir, `api-${mode}-${apiPort}.log`), 'w');
    const api = await startApi(
      dist,
      {
        ...common,
        NODE_ENV: 'production',
        RATE_LIMIT_ENABLED: 'false',
        // The create scenario writes far more than one account's task quota.
        MAX_TASKS_PER_USER: '100000000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      },
      { port: apiPort, nodeArgs: API_NODE_ARGS, logs: logFile },
    ).finally(() => closeSync(logFile));
    processes.push(api);
    const rawPort = await port();
    const raw = await startProcess(
      [node.binary, ...RAW_NODE_ARGS, RAW_BASELINE],
      { ...common, PORT: String(rawPort) },
      `http://127.0.0.1:${rawPort}/health/ready`,
    );
    processes.push(raw);
    return [
      { mode, target: 'api', port: api.port, pid: api.child.pid },
      { mode, target: 'raw', port: rawPort, pid: raw.child.pid },
    ];
  };
  const targets = [];
  for (const mode of MODES) targets.push(...(await startPair(mode)));

  const base = `http://127.0.0.1:${targets[0].port}`;
  const registered = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${Date.now()}@example.com`,
      password: 'correct-horse-lamp-41',
      name: 'Bench',
    }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${registered.accessToken}`, 'content-type': 'application/json' };
  const ids = [];
  for (let i = 0; i < 50; i += 1) {
    const task = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        title: `Seeded task ${i}`,
        description: 'x'.repeat(i * 4),
        tags: ['bench', `t${i % 5}`],
      }),
    }).then((r) => r.json());
    ids.push(task.id);
  }
  const pick = () => ids[Math.floor(Math.random() * ids.length)];

  const scenarios = {
    list: { method: 'GET', path: '/api/v1/tasks?limit=50', headers: auth },
    get: { method: 'GET', path: () => `/api/v1/tasks/${pick()}`, headers: auth },
    create: {
      method: 'POST',
      path: '/api/v1/tasks',
      headers: auth,
      body: JSON.stringify({ title: 'Load task', tags: ['load'] }),
    },
    patch: {
      method: 'PATCH',
      path: () => `/api/v1/tasks/${pick()}`,
      headers: auth,
      body: JSON.stringify({ title: 'Patched' }),
    },
    ready: { method: 'GET', path: '/health/ready', headers: {} },
  };

  const run = (port, scenario, duration = DURATION) =>
    loadRun(port, scenario, { duration, connections: CONNECTIONS });

  const results = [];
  for (const name of SCENARIOS) {
    const scenario = scenarios[name];
    // Warm every target (JIT, pool, prepared statements), then interleave A B A B (A B A' B' with both modes).
    for (const { port } of targets) await run(port, scenario, 2);
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const { mode, target, port, pid } of targets) {
        const stopRss = rssSampler(pid);
        const cpuBefore = cpuMs(pid);
        const syscallsBefore = syscalls(pid);
        const result = await run(port, scenario);
        const cpu = cpuMs(pid) - cpuBefore;
        const calls = syscalls(pid) - syscallsBefore;
        const rss = stopRss();
        const row = {
          scenario: name,
          mode,
          target,
          round,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          rssMb: Math.round(rss),
          cpuUsPerReq: Math.round((cpu * 1000) / Math.max(1, result.requests.total)),
          syscallsPerReq: Number((calls / Math.max(1, result.requests.total)).toFixed(1)),
          bytesPerRes: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
        };
        results.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }

  // The first mode fills the main columns; with POOLER=both the pooled pair adds its API/raw req/s ratio.
  const [main, extra] = MODES;
  const through = `through PgBouncer (transaction mode, ${POOLER_SIZE} server connections)`;
  const measured = { direct: 'direct to PostgreSQL', pgbouncer: through, both: `direct, and ${through}` }[
    POOLER
  ];
  const table = [
    `Measured: ${measured}; API and raw baseline alike, both on Node ${node.version}; API flags: ${API_NODE_ARGS.join(' ') || 'none'}, raw: ${RAW_NODE_ARGS.join(' ') || 'none'}.`,
    '',
    `| scenario | API req/s | raw req/s | ratio (rounds) | API p50 / p99 ms | raw p50 / p99 ms | p99 ratio | API / raw CPU µs per req | API / raw peak RSS | ${extra ? 'ratio through PgBouncer (rounds) | ' : ''}non-2xx |`,
    `|---|---|---|---|---|---|---|---|---|${extra ? '---|' : ''}---|`,
  ];
  for (const name of SCENARIOS) {
    // The median of the rounds.
    const mean = (target, key, mode = main) =>
      median(
        results
          .filter((r) => r.scenario === name && r.mode === mode && r.target === target)
          .map((r) => r[key]),
      );
    // API/raw req/s of each round's pair (run back to back, so both saw the same machine), as the median and, with
    // more than one round, the range: on a shared machine the speed of both drifts between rounds.
    const ratio = (mode) => {
      const paired = results
        .filter((r) => r.scenario === name && r.mode === mode && r.target === 'api')
        .map((api) => {
          const raw = results.find(
            (r) => r.scenario === name && r.mode === mode && r.target === 'raw' && r.round === api.round,
          );
          return api.rps / raw.rps;
        })
        .sort((a, b) => a - b);
      const range = paired.length > 1 ? ` (${paired[0].toFixed(2)}–${paired.at(-1).toFixed(2)})` : '';
      return `${median(paired).toFixed(2)}×${range}`;
    };
    const peak = (target) =>
      Math.max(
        ...results
          .filter((r) => r.scenario === name && r.mode === main && r.target === target)
          .map((r) => r.rssMb),
      );
    const non2xx = results.filter((r) => r.scenario === name).reduce((s, r) => s + r.non2xx + r.errors, 0);
    table.push(
      `| ${name} | ${mean('api', 'rps').toFixed(0)} | ${mean('raw', 'rps').toFixed(0)} | ${ratio(main)} | ` +
        `${mean('api', 'p50').toFixed(1)} / ${mean('api', 'p99').toFixed(1)} | ${mean('raw', 'p50').toFixed(1)} / ${mean('raw', 'p99').toFixed(1)} | ` +
        `${(mean('api', 'p99') / mean('raw', 'p99')).toFixed(2)}× | ${mean('api', 'cpuUsPerReq').toFixed(0)} / ${mean('raw', 'cpuUsPerReq').toFixed(0)} | ${peak('api')} / ${peak('raw')} MB | ` +
        `${extra ? `${ratio(extra)} | ` : ''}${non2xx} |`,
    );
  }
  console.log(`\n${table.join('\n')}`);
  if (process.env.BENCH_OUT)
    writeFileSync(process.env.BENCH_OUT, JSON.stringify({ results, table }, null, 2));
} finally {
  for (const child of processes) await child.stop();
  await pgbouncer?.stop();
  await database.drop();
  if (!process.env.API_LOG_DIR) rmSync(logDir, { recursive: true, force: true });
}
