import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { sleep } from './sse-client.js';

const BACKEND = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles the API into a private folder under backend/ (so node_modules resolve) that colleagues' rebuilds
 * of backend/dist cannot pull from under a running test.
 */
export function buildPrivateDist(): { dir: string; remove(): void } {
  const dir = join(BACKEND, `.test-dist-${process.pid}`);
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', dir], {
    cwd: BACKEND,
    stdio: 'inherit',
  });
  cpSync(join(BACKEND, 'src/database/migrations'), join(dir, 'database/migrations'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database of its own on the test server, dropped (with force) afterwards. */
export async function createDatabase(serverUrl: string) {
  const name = `todo_events_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** What a database restart looks like to the API: every connection to this database is cut. */
    async terminateConnections(): Promise<number> {
      const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity
                               where datname = ${name} and pid <> pg_backend_pid()`;
      return rows.length;
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ApiProcess {
  base: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startApi(distDir: string, env: Record<string, string>): Promise<ApiProcess> {
  if (!existsSync(join(distDir, 'main.js'))) throw new Error(`no build in ${distDir}`);
  const port = await freePort();
  const child = spawn(process.execPath, [join(distDir, 'main.js')], {
    cwd: BACKEND,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited early:\n${output}`);
    const ready = await fetch(`${base}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`API not ready in time:\n${output}`);
    await sleep(200);
  }
  return {
    base,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Just enough of the API, over fetch. */
export function apiClient(base: string) {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  return {
    async signUp(label: string) {
      const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
      const body = await call('POST', '/auth/register', undefined, {
        email,
        password: 'correct-horse-lamp-41',
        name: label,
      });
      return { id: (body.user as { id: string }).id, token: body.accessToken as string };
    },
    createTask: (token: string, title: string) =>
      call('POST', '/tasks', token, { title }) as Promise<{ id: string; title: string }>,
    updateTask: (token: string, id: string, changes: Record<string, unknown>) =>
      call('PATCH', `/tasks/${id}`, token, changes),
    deleteTask: (token: string, id: string) => call('DELETE', `/tasks/${id}`, token),
  };
}
