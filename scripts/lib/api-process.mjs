// The API as an operator runs it: compiled into a private folder, started as its own process on a port, ready
// once /health/ready answers 200. Shared by backend tests, scripts (npm start, npm test) and benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BACKEND = fileURLToPath(new URL('../../backend/', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compiles the API into a private folder under backend/ (so node_modules resolve; `backend/.*dist*` is
 * git-ignored) that colleagues' rebuilds of backend/dist cannot pull from under a running process. `reuse` keeps
 * an existing build. A type error elsewhere does not stop it, as long as tsc emitted the server.
 */
export function buildPrivateDist(dir = join(BACKEND, `.test-dist-${process.pid}`), { reuse = false } = {}) {
  if (!(reuse && existsSync(join(dir, 'main.js')))) {
    rmSync(dir, { recursive: true, force: true });
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', dir], {
      cwd: BACKEND,
      stdio: 'inherit',
    });
    if (!existsSync(join(dir, 'main.js'))) throw new Error(`the API did not compile into ${dir}`);
    cpSync(join(BACKEND, 'src/database/migrations'), join(dir, 'database/migrations'), { recursive: true });
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// A test process sees only these and what the caller adds, never the developer's own DATABASE_URL and such.
const isolatedEnv = () => ({
  PATH: process.env.PATH,
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ENABLED: 'false',
});
const STDIO = {
  capture: ['ignore', 'pipe', 'pipe'],
  inherit: ['ignore', 'inherit', 'inherit'],
  errors: ['ignore', 'ignore', 'inherit'],
};

/**
 * Starts `<distDir>/main.js` and resolves once it is ready. Options: `port` (a free one by default), `node` (the
 * binary; this process's by default), `nodeArgs`,
 * `inheritEnv` (start from this process's environment instead of the isolated one), `logs` ('capture' into
 * output(), the last 50 kB; 'inherit'; 'errors': stderr only; or a file descriptor open for writing: stdout goes
 * there without passing through this process, stderr is captured), `readyTimeoutMs`.
 */
export async function startApi(
  distDir,
  env = {},
  {
    port,
    node = process.execPath,
    nodeArgs = [],
    inheritEnv = false,
    logs = 'capture',
    readyTimeoutMs = 60_000,
  } = {},
) {
  if (!existsSync(join(distDir, 'main.js'))) throw new Error(`no build in ${distDir}`);
  const listenPort = port ?? (await freePort());
  const started = performance.now();
  const child = spawn(node, [...nodeArgs, join(distDir, 'main.js')], {
    cwd: BACKEND,
    env: { ...(inheritEnv ? process.env : isolatedEnv()), ...env, PORT: String(listenPort) },
    stdio: typeof logs === 'number' ? ['ignore', logs, 'pipe'] : STDIO[logs],
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-50_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${listenPort}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited early (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (performance.now() - started > readyTimeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the API was not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  return {
    base,
    port: listenPort,
    child,
    readyMs: performance.now() - started,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
