// Shared by the benchmark scripts: a private API build, a throwaway database, child processes and RSS sampling.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BACKEND = join(ROOT, 'backend');
const require = createRequire(join(BACKEND, 'package.json'));
export const postgres = require('postgres');

/**
 * Compiles the API into backend/.bench-dist (git-ignored; `BENCH_DIST=backend/.perf-dist` picks another private
 * folder, relative to the repository root), so colleagues' rebuilds of dist/ cannot interfere.
 */
export function buildApi(
  dir = process.env.BENCH_DIST ? join(ROOT, process.env.BENCH_DIST) : join(BACKEND, '.bench-dist'),
) {
  if (!process.env.BENCH_SKIP_BUILD || !existsSync(join(dir, 'main.js'))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', dir], {
      cwd: BACKEND,
      stdio: 'inherit',
    });
    cpSync(join(BACKEND, 'src/database/migrations'), join(dir, 'database/migrations'), { recursive: true });
  }
  return dir;
}

export async function createDatabase(serverUrl, prefix = 'todo_bench') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a node process and resolves once `readyUrl` answers 200; returns the process, its start time and stop(). */
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
