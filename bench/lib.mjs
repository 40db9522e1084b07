// Shared by the benchmark scripts: the private API build, child processes, RSS sampling, API calls and event
// streams. A throwaway database and the built API as a process come from the harness the tests use (scripts/lib/).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPrivateDist, startApi as startApiProcess } from '../scripts/lib/api-process.mjs';
import { benchNode } from './node-runtime.mjs';

export { buildPrivateDist, freePort } from '../scripts/lib/api-process.mjs';
export { createDatabase } from '../scripts/lib/throwaway-database.mjs';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BACKEND = join(ROOT, 'backend');
const autocannon = createRequire(join(ROOT, 'scripts/package.json'))('autocannon');

/**
 * Compiles the API into backend/.bench-dist (`BENCH_DIST=backend/.perf-dist` picks another private folder,
 * relative to the repository root; `BENCH_SKIP_BUILD=1` reuses an existing build) and returns the folder.
 */
export function buildApi() {
  const dir = process.env.BENCH_DIST ? join(ROOT, process.env.BENCH_DIST) : join(BACKEND, '.bench-dist');
  return buildPrivateDist(dir, { reuse: Boolean(process.env.BENCH_SKIP_BUILD) }).dir;
}

/**
 * The built API as a process (scripts/lib/api-process.mjs), on the Node that BENCH_NODE selects: the API image's
 * by default (bench/node-runtime.mjs).
 */
export const startApi = (distDir, env, options = {}) =>
  startApiProcess(distDir, env, { node: benchNode().binary, ...options });

/** The port an env variable pins (e.g. PORT_A=19220), or undefined: a free one. */
export const pinnedPort = (name) => (process.env[name] ? Number(process.env[name]) : undefined);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts any other process (the raw baseline, `npm start`) and resolves once `readyUrl` answers 200. `stdout`: a file
 * descriptor to write its output to directly (by default it is read here, the last 20 kB kept for errors).
 */
export async function startProcess(
  args,
  env,
  readyUrl,
  { timeoutMs = 60_000, cwd = BACKEND, stdout = 'pipe' } = {},
) {
  const started = performance.now();
  const child = spawn(args[0], args.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => (output = (output + c).slice(-20_000)));
  child.stderr.on('data', (c) => (output = (output + c).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${output}`);
    const ok = await fetch(readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > timeoutMs) throw new Error(`not ready in time:\n${output}`);
    await sleep(50);
  }
  return {
    child,
    readyMs: performance.now() - started,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). CPU per request is steadier
 * than req/s on a shared machine: it does not depend on how much of the cores the server was given.
 */
export const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/**
 * One autocannon run against 127.0.0.1:`port`. `scenario`: `{ method, path, headers, body }`, where `path` may be a
 * function called for every request (a random task id, say).
 */
export function loadRun(port, { method, path, headers, body }, { duration, connections }) {
  const request = { method, headers, body, path: typeof path === 'string' ? path : undefined };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        requests: [
          typeof path === 'function'
            ? { ...request, setupRequest: (r) => ({ ...r, path: path() }) }
            : request,
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Resident set size of a process in MB (Linux). */
export function rssMb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples a process's RSS every 200 ms until stopped; returns the peak. */
export function rssSampler(pid) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* exited */
    }
  }, 200);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** The median of the values (the mean of the middle two for an even count): one noisy round moves it less. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value at percentile `p` (0-100) of an ascending array (nearest rank). */
export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** One JSON call to the API under /api/v1; throws on a non-2xx answer. */
export async function call(base, method, path, token, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : response.json();
}

/** Registers a fresh account and returns its access token. */
export async function signUp(base) {
  const body = await call(base, 'POST', '/auth/register', undefined, {
    email: `bench-${randomBytes(5).toString('hex')}@example.com`,
    password: 'correct-horse-lamp-41',
    name: 'Bench',
  });
  return body.accessToken;
}

/** Opens an event stream; `onData(data, receivedAt)` for every data frame (parsed), timed when its bytes arrived. */
export function openStream(base, token, onData = () => {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/tasks/events`, {
      headers: { authorization: `Bearer ${token}` },
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: HTTP ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (data) onData(JSON.parse(data[1]), at);
        }
      });
      resolve(req);
    });
    req.end();
  });
}
