// Cold start: (1) the API alone (production build, on the image's Node: bench/node-runtime.mjs) on PostgreSQL,
// fresh database, migrations included, and again with the schema already there; (2) `npm start` (build check via
// the Nx cache + API on PGlite + web, on this machine's Node) until both answer.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/cold-start.mjs
import { randomBytes } from 'node:crypto';
import { buildApi, createDatabase, ROOT, rssMb, sleep, startApi, startProcess } from './lib.mjs';

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.RUNS ?? 3);
const dist = buildApi();
const database = await createDatabase(SERVER, 'todo_bench');
const env = {
  DATABASE_URL: database.url,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  NODE_ENV: 'production',
};
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const api = await startApi(dist, env);
    console.log(
      JSON.stringify({
        what: 'api alone, PostgreSQL',
        run,
        migrated: run === 1 ? 'fresh database' : 'already',
        readyMs: Math.round(api.readyMs),
        rssMb: Math.round(rssMb(api.child.pid)),
      }),
    );
    await api.stop();
  }
} finally {
  await database.drop();
}

if (!process.env.SKIP_NPM_START) {
  const apiPort = 8_790;
  const webPort = 3_790;
  const started = performance.now();
  const app = await startProcess(
    ['npm', 'start'],
    {
      PORT: String(apiPort),
      WEB_PORT: String(webPort),
      PGLITE_DATA_DIR: `/tmp/todo-cold-${Date.now()}/pglite`,
    },
    `http://127.0.0.1:${apiPort}/health/ready`,
    { timeoutMs: 300_000, cwd: ROOT },
  );
  const apiReady = performance.now() - started;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${webPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 300_000) throw new Error('web not ready');
    await sleep(50);
  }
  console.log(
    JSON.stringify({
      what: 'npm start (PGlite, build cached)',
      apiReadyMs: Math.round(apiReady),
      webReadyMs: Math.round(performance.now() - started),
    }),
  );
  app.child.kill('SIGINT');
  await app.stop();
}
