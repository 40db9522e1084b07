// API vs raw baseline under load, interleaved A B A B, on a throwaway PostgreSQL database.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/load.mjs
// Options (env): DURATION=10 (s per run), ROUNDS=2, CONNECTIONS=64, SCENARIOS=list,get,create,patch,ready,
// API_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/profiles", LOG_LEVEL=info, DB_POOL_MAX=10, BENCH_SKIP_BUILD=1,
// BENCH_DIST=backend/.perf-dist (private build folder). Reports req/s, latency, API and raw CPU time per request
// (from /proc, Linux), peak RSS.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildApi, createDatabase, ROOT, rssSampler, startApi, startProcess } from './lib.mjs';

const require = createRequire(join(ROOT, 'scripts/package.json'));
const autocannon = require('autocannon');

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const POOL = process.env.DB_POOL_MAX ?? '10';
const SCENARIOS = (process.env.SCENARIOS ?? 'list,get,create,patch,ready').split(',');
const API_PORT = 8_400 + Math.floor(Math.random() * 100);
const RAW_PORT = API_PORT + 100;

// CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). CPU per request is
// steadier than req/s on a shared machine: it does not depend on how much of the cores the server was given.
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const dist = buildApi();
const database = await createDatabase(SERVER, 'todo_bench');
const secret = randomBytes(48).toString('base64url');
const common = { DATABASE_URL: database.url, JWT_SECRET: secret, DB_POOL_MAX: POOL, HOST: '127.0.0.1' };
let api;
let raw;
try {
  api = await startApi(
    dist,
    {
      ...common,
      NODE_ENV: 'production',
      RATE_LIMIT_ENABLED: 'false',
      // The create scenario writes far more than one account's task quota.
      MAX_TASKS_PER_USER: '100000000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    { port: API_PORT, nodeArgs: (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean) },
  );
  raw = await startProcess(
    [process.execPath, join(ROOT, 'bench/raw-baseline.mjs')],
    { ...common, PORT: String(RAW_PORT) },
    `http://127.0.0.1:${RAW_PORT}/health/ready`,
  );
  // Pipe the API's logs away so a full stdout pipe never throttles it (production logs go to a collector).
  api.child.stdout.resume();

  const base = `http://127.0.0.1:${API_PORT}`;
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
    new Promise((resolve, reject) => {
      const { method, path, headers, body } = scenario;
      const request = { method, headers, body, path: typeof path === 'string' ? path : undefined };
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          duration,
          requests: [
            typeof path === 'function'
              ? { ...request, setupRequest: (r) => ({ ...r, path: path() }) }
              : request,
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      void instance;
    });

  const results = [];
  for (const name of SCENARIOS) {
    const scenario = scenarios[name];
    // Warm both (JIT, pool, prepared statements), then interleave A B A B.
    await run(API_PORT, scenario, 2);
    await run(RAW_PORT, scenario, 2);
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [target, port, pid] of [
        ['api', API_PORT, api.child.pid],
        ['raw', RAW_PORT, raw.child.pid],
      ]) {
        const stopRss = rssSampler(pid);
        const cpuBefore = cpuMs(pid);
        const result = await run(port, scenario);
        const cpu = cpuMs(pid) - cpuBefore;
        const rss = stopRss();
        const row = {
          scenario: name,
          target,
          round,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          rssMb: Math.round(rss),
          cpuUsPerReq: Math.round((cpu * 1000) / Math.max(1, result.requests.total)),
        };
        results.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }

  const table = [
    '| scenario | API req/s | raw req/s | ratio | API p50 / p99 ms | raw p50 / p99 ms | p99 ratio | API / raw CPU µs per req | API peak RSS | non-2xx |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const name of SCENARIOS) {
    // The median of the rounds (the mean of the middle two for an even count): one noisy round moves it less.
    const mean = (target, key) => {
      const values = results
        .filter((r) => r.scenario === name && r.target === target)
        .map((r) => r[key])
        .sort((a, b) => a - b);
      const middle = Math.floor(values.length / 2);
      return values.length % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    };
    const peak = Math.max(
      ...results.filter((r) => r.scenario === name && r.target === 'api').map((r) => r.rssMb),
    );
    const non2xx = results.filter((r) => r.scenario === name).reduce((s, r) => s + r.non2xx + r.errors, 0);
    table.push(
      `| ${name} | ${mean('api', 'rps').toFixed(0)} | ${mean('raw', 'rps').toFixed(0)} | ${(mean('api', 'rps') / mean('raw', 'rps')).toFixed(2)}× | ` +
        `${mean('api', 'p50').toFixed(1)} / ${mean('api', 'p99').toFixed(1)} | ${mean('raw', 'p50').toFixed(1)} / ${mean('raw', 'p99').toFixed(1)} | ` +
        `${(mean('api', 'p99') / mean('raw', 'p99')).toFixed(2)}× | ${mean('api', 'cpuUsPerReq').toFixed(0)} / ${mean('raw', 'cpuUsPerReq').toFixed(0)} | ${peak} MB | ${non2xx} |`,
    );
  }
  console.log(`\n${table.join('\n')}`);
  if (process.env.BENCH_OUT)
    writeFileSync(process.env.BENCH_OUT, JSON.stringify({ results, table }, null, 2));
} finally {
  await api?.stop();
  await raw?.stop();
  await database.drop();
}
