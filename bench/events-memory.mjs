// Idle event-stream memory (not a test): one API process on a fresh PostgreSQL database, N idle
// `GET /api/v1/tasks/events` streams, RSS and heap with and without a forced GC at each step, optional heap
// snapshots for diffing retainers.
// Usage:
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres STREAMS=10000 node bench/events-memory.mjs
// Env: STREAMS (10000), STREAM_USERS (100 users, streams spread evenly: a user with many tabs), STEP (2500),
//      SNAPSHOTS=0,2000 (stream counts at which to write a heap snapshot into SNAPSHOT_DIR, default /tmp),
//      API_NODE_ARGS (extra node flags for the API process, e.g. "--max-old-space-size=128"),
//      BENCH_DIST (use an existing build instead of compiling into backend/.bench-dist),
//      BENCH_NODE (image: the API image's Node, the default; current; or a path: bench/node-runtime.mjs).
// The API runs with --expose-gc and a bench-only preload (written next to the build) that runs gc() and
// reports process.memoryUsage() on SIGWINCH; production start commands are untouched.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { buildApi, createDatabase, rssMb, sleep, startApi } from './lib.mjs';
import { benchNode } from './node-runtime.mjs';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STREAMS = Number(process.env.STREAMS ?? 10_000);
const USERS = Number(process.env.STREAM_USERS ?? 100);
const STEP = Number(process.env.STEP ?? 2500);
const SNAPSHOTS = new Set(
  (process.env.SNAPSHOTS ?? '')
    .split(',')
    .filter(Boolean)
    .map((n) => Number(n)),
);
const SNAPSHOT_DIR = process.env.SNAPSHOT_DIR ?? '/tmp';
const API_NODE_ARGS = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function call(base, method, path, token, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Opens an idle stream the way a browser tab does (EventSource headers); counts data frames. */
function openStream(base, token, onEvent) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/tasks/events`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        'cache-control': 'no-cache',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
        'accept-language': 'en-GB,en;q=0.9',
      },
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (chunk.includes('\ndata: ')) onEvent();
      });
      resolve(req);
    });
    req.end();
  });
}

const dist = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : buildApi();
const probe = join(dist, 'bench-memory-probe.cjs');
writeFileSync(
  probe,
  `process.on('SIGWINCH', () => {
  const before = process.memoryUsage();
  global.gc(); global.gc();
  const after = process.memoryUsage();
  const fs = require('node:fs');
  fs.writeFileSync(process.env.MEMORY_PROBE_FILE + '.tmp', JSON.stringify({ before, after, at: Date.now() }));
  fs.renameSync(process.env.MEMORY_PROBE_FILE + '.tmp', process.env.MEMORY_PROBE_FILE);
});\n`,
);
const probeFile = join(SNAPSHOT_DIR, `events-memory-probe-${process.pid}.json`);
mkdirSync(SNAPSHOT_DIR, { recursive: true });

async function memory(pid) {
  const rssNoGc = rssMb(pid);
  const since = Date.now();
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 200; i++) {
    await sleep(50);
    if (existsSync(probeFile)) {
      const report = JSON.parse(readFileSync(probeFile, 'utf8'));
      if (report.at >= since) {
        await sleep(200);
        return { rssNoGc, rssGc: rssMb(pid), heapGc: report.after.heapUsed / 2 ** 20, ...report };
      }
    }
  }
  throw new Error('memory probe did not answer');
}

async function snapshot(pid, label) {
  const before = new Set(readdirSync(SNAPSHOT_DIR));
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 1200; i++) {
    await sleep(100);
    const fresh = readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (fresh.length) {
      const file = join(SNAPSHOT_DIR, fresh[0]);
      let size = -1;
      while (size !== statSync(file).size) {
        size = statSync(file).size;
        await sleep(500);
      }
      console.log(`  heap snapshot at ${label} streams: ${file}`);
      return;
    }
  }
  throw new Error('no heap snapshot written');
}

const node = benchNode();
const db = await createDatabase(SERVER_URL, 'todo_bench_mem');
let api;
const held = [];
try {
  api = await startApi(
    dist,
    {
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_URL: db.url,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      EVENTS_MAX_STREAMS: String(STREAMS + 100),
      EVENTS_MAX_STREAMS_PER_USER: String(Math.ceil(STREAMS / USERS) + 10),
      MEMORY_PROBE_FILE: probeFile,
    },
    {
      nodeArgs: [
        '--expose-gc',
        `--require=${probe}`,
        '--heapsnapshot-signal=SIGUSR2',
        `--diagnostic-dir=${SNAPSHOT_DIR}`,
        ...API_NODE_ARGS,
      ],
    },
  );
  const base = api.base;
  const pid = api.child.pid;
  console.log(
    `API pid ${pid} on Node ${node.version}, node args: ${API_NODE_ARGS.join(' ') || '(defaults)'}; ${USERS} users × ${STREAMS / USERS} streams`,
  );
  const tokens = [];
  for (let i = 0; i < USERS; i++) {
    const body = await call(base, 'POST', '/auth/register', undefined, {
      email: `mem-${randomBytes(5).toString('hex')}@example.com`,
      password: 'correct-horse-lamp-41',
      name: 'Bench',
    });
    tokens.push(body.accessToken);
  }
  // Warm every route the streams touch, then settle, so the baseline is a warm process.
  for (const token of tokens.slice(0, 5)) (await openStream(base, token, () => {})).destroy();
  await sleep(1000);
  const rows = [];
  const record = async (open) => {
    const m = await memory(pid);
    rows.push({ open, ...m });
    console.log(
      `  ${String(open).padStart(6)} streams: RSS ${m.rssNoGc.toFixed(0)} MB (after GC ${m.rssGc.toFixed(0)} MB), ` +
        `heap used ${(m.before.heapUsed / 2 ** 20).toFixed(1)} MB (after GC ${m.heapGc.toFixed(1)} MB)`,
    );
    if (SNAPSHOTS.has(open)) await snapshot(pid, open);
  };
  await record(0);
  let received = 0;
  const started = performance.now();
  const marks = new Set([...SNAPSHOTS].filter((n) => n > 0 && n < STREAMS));
  for (let n = STEP; n < STREAMS; n += STEP) marks.add(n);
  marks.add(STREAMS);
  let opened = 0;
  for (const mark of [...marks].sort((a, b) => a - b)) {
    while (opened < mark) {
      const batch = Math.min(250, mark - opened);
      held.push(
        ...(await Promise.all(
          Array.from({ length: batch }, (_, k) =>
            openStream(base, tokens[(opened + k) % USERS], () => received++),
          ),
        )),
      );
      opened += batch;
    }
    await sleep(1000);
    await record(opened);
  }
  console.log(`opened ${STREAMS} streams in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const first = rows[0];
  const last = rows.at(-1);
  const perStream = (a, b) => (((b - a) * 1024) / STREAMS).toFixed(1);
  console.log(
    `per stream: RSS ${perStream(first.rssNoGc, last.rssNoGc)} KB, RSS after GC ${perStream(first.rssGc, last.rssGc)} KB, ` +
      `heap after GC ${perStream(first.heapGc, last.heapGc)} KB`,
  );
  const fanStart = performance.now();
  await Promise.all(tokens.map((t) => call(base, 'POST', '/tasks', t, { title: 'fan-out' })));
  while (received < STREAMS && performance.now() - fanStart < 30_000) await sleep(5);
  console.log(
    `one event per user (${USERS} writes) reached ${received}/${STREAMS} streams in ${(performance.now() - fanStart).toFixed(0)} ms; ` +
      `RSS ${rssMb(pid).toFixed(0)} MB`,
  );
} catch (error) {
  if (api) console.error(api.output().slice(-3000));
  throw error;
} finally {
  for (const req of held) req.destroy();
  await api?.stop().catch(() => undefined);
  await db.drop().catch(() => undefined);
  rmSync(probeFile, { force: true });
}
