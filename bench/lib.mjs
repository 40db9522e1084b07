// Shared by the benchmark scripts: the private API build, child processes and RSS sampling. A throwaway database
// and the built API as a process come from the harness the tests use (scripts/lib/).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPrivateDist } from '../scripts/lib/api-process.mjs';

export { buildPrivateDist, freePort, startApi } from '../scripts/lib/api-process.mjs';
export { createDatabase } from '../scripts/lib/throwaway-database.mjs';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BACKEND = join(ROOT, 'backend');

/**
 * Compiles the API into backend/.bench-dist (`BENCH_DIST=backend/.perf-dist` picks another private folder,
 * relative to the repository root; `BENCH_SKIP_BUILD=1` reuses an existing build) and returns the folder.
 */
export function buildApi() {
  const dir = process.env.BENCH_DIST ? join(ROOT, process.env.BENCH_DIST) : join(BACKEND, '.bench-dist');
  return buildPrivateDist(dir, { reuse: Boolean(process.env.BENCH_SKIP_BUILD) }).dir;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts any other process (the raw baseline, `npm start`) and resolves once `readyUrl` answers 200. */
export async function startProcess(args, env, readyUrl, { timeoutMs = 60_000, cwd = BACKEND } = {}) {
  const started = performance.now();
  const child = spawn(args[0], args.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output = (output + c).slice(-20_000)));
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
