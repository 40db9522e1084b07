// Where a get by id spends the API's CPU beyond the raw baseline's: the same get four ways, interleaved, on one
// throwaway database, every server on the Node of the API image with the same heap flags.
//   raw      bench/raw-baseline.mjs (node:http + postgres.js, the same SQL and token check)
//   api      GET /api/v1/tasks/{id} through Nest (router, guard, pipes) and every Fastify hook the API registers
//   hooks    the same process, a plain Fastify route: every hook, no Nest (bench/framework-cost-server.mjs)
//   bare     the same process, a Fastify instance without hooks, calling the same guard and service
// api − hooks is what Nest's request pipeline costs, hooks − bare what the hooks cost (access log, metrics, security
// headers, CORS, request id, ETag, compression check, lingering close, Nest's adapter hooks), bare − raw the rest.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/framework-cost.mjs
// Options (env): DURATION=10, ROUNDS=3, CONNECTIONS=64, NODE_ARGS (both processes; default the chart's heap flags),
// VARIANTS=raw,api,hooks,bare (raw is always run), BENCH_SKIP_BUILD=1, BENCH_NODE (bench/node-runtime.mjs),
// API_NODE_ARGS (added for the API process only: `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile one variant).
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildApi,
  call,
  cpuMs,
  createDatabase,
  freePort,
  loadRun,
  median,
  ROOT,
  signUp,
  startProcess,
} from './lib.mjs';
import { benchNode } from './node-runtime.mjs';

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const args = (value) => (value ?? '').split(' ').filter(Boolean);
const NODE_ARGS = args(process.env.NODE_ARGS ?? '--max-semi-space-size=32 --max-old-space-size=192');
const API_NODE_ARGS = args(process.env.API_NODE_ARGS);
const VARIANTS = new Set(['raw', ...args(process.env.VARIANTS?.replaceAll(',', ' ') ?? 'api hooks bare')]);

const node = benchNode();
console.log(`Node ${node.version}, flags: ${NODE_ARGS.join(' ') || 'none'}`);
const dist = buildApi();
const database = await createDatabase(SERVER, 'todo_bench');
const processes = [];
const logDir = mkdtempSync(join(tmpdir(), 'framework-cost-logs-'));
try {
  const common = {
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DB_POOL_MAX: '10',
  };
  const [apiPort, barePort, rawPort] = [await freePort(), await freePort(), await freePort()];
  const logFile = openSync(join(logDir, 'api.log'), 'w');
  const api = await startProcess(
    [node.binary, ...NODE_ARGS, ...API_NODE_ARGS, join(ROOT, 'bench/framework-cost-server.mjs')],
    {
      ...common,
      BENCH_API_DIST: dist,
      PORT: String(apiPort),
      BARE_PORT: String(barePort),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      RATE_LIMIT_ENABLED: 'false',
    },
    `http://127.0.0.1:${apiPort}/health/ready`,
    // Its log lines go straight to a file, not through this process, which runs the load generator.
    { stdout: logFile },
  ).finally(() => closeSync(logFile));
  processes.push(api);
  const raw = await startProcess(
    [node.binary, ...NODE_ARGS, join(ROOT, 'bench/raw-baseline.mjs')],
    { ...common, PORT: String(rawPort) },
    `http://127.0.0.1:${rawPort}/health/ready`,
  );
  processes.push(raw);

  const base = `http://127.0.0.1:${apiPort}`;
  const token = await signUp(base);
  const ids = [];
  for (let i = 0; i < 50; i += 1) {
    const task = await call(base, 'POST', '/tasks', token, { title: `Seeded task ${i}`, tags: ['bench'] });
    ids.push(task.id);
  }
  const pick = () => ids[Math.floor(Math.random() * ids.length)];
  const get = (prefix) => ({
    method: 'GET',
    path: () => `${prefix}/${pick()}`,
    headers: { authorization: `Bearer ${token}` },
  });
  const variants = [
    { name: 'raw', port: rawPort, pid: raw.child.pid, scenario: get('/api/v1/tasks') },
    { name: 'api', port: apiPort, pid: api.child.pid, scenario: get('/api/v1/tasks') },
    { name: 'hooks', port: apiPort, pid: api.child.pid, scenario: get('/framework-cost/tasks') },
    { name: 'bare', port: barePort, pid: api.child.pid, scenario: get('/api/v1/tasks') },
  ].filter((v) => VARIANTS.has(v.name));

  const options = { duration: DURATION, connections: CONNECTIONS };
  for (const v of variants) {
    const warm = await loadRun(v.port, v.scenario, { ...options, duration: 2 });
    if (warm.non2xx || warm.errors)
      throw new Error(`${v.name}: ${warm.non2xx} non-2xx, ${warm.errors} errors`);
  }
  const rows = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const v of variants) {
      const before = cpuMs(v.pid);
      const result = await loadRun(v.port, v.scenario, options);
      const row = {
        variant: v.name,
        round,
        rps: result.requests.average,
        p99: result.latency.p99,
        cpuUsPerReq: Math.round(((cpuMs(v.pid) - before) * 1000) / Math.max(1, result.requests.total)),
        non2xx: result.non2xx + result.errors,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }

  const of = (name, key) => rows.filter((r) => r.variant === name).map((r) => r[key]);
  // Each round's variant against that round's raw run: the machine's speed drifts between rounds.
  const ratio = (name) =>
    median(rows.filter((r) => r.variant === name).map((r) => r.rps / of('raw', 'rps')[r.round - 1]));
  const rawCpu = median(of('raw', 'cpuUsPerReq'));
  console.log(
    `\n| variant | req/s | ratio to raw | p99 ms | CPU µs per get | above raw |\n|---|---|---|---|---|---|`,
  );
  for (const { name } of variants) {
    const cpu = median(of(name, 'cpuUsPerReq'));
    console.log(
      `| ${name} | ${median(of(name, 'rps')).toFixed(0)} | ${ratio(name).toFixed(2)}× | ${median(of(name, 'p99'))} | ` +
        `${cpu} | ${name === 'raw' ? '' : `+${cpu - rawCpu}`} |`,
    );
  }
  const failed = rows.reduce((sum, r) => sum + r.non2xx, 0);
  if (failed) console.log(`\n${failed} requests failed: the figures are not comparable`);
} finally {
  for (const child of processes) await child.stop();
  await database.drop();
  rmSync(logDir, { recursive: true, force: true });
}
