// Smoke test of a running deployment through the generated, typed API client:
// health, a throwaway user, one task through its whole life (create, read, update,
// complete, trash, restore, erase), the events stream, then cleanup. Stops at the
// first failure with a message naming the step; exit code 1.
//
//   node scripts/smoke/smoke.ts --base-url https://todo.example.com \
//     --header 'X-Canary: always' --health-path /healthz          (Node 22.18+)
//   SMOKE_BASE_URL=http://127.0.0.1:8000 npx vitest run test/smoke  (any Node, from scripts/)
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { createApiClient, Task } from '@todo/openapi';

export interface SmokeOptions {
  /** Where /api/v1 lives: the backend itself, or the Gateway/Ingress in front of it. */
  baseUrl: string;
  /** Sent with every request, e.g. { 'X-Canary': 'always' } to pin the canary. */
  headers: Record<string, string>;
  /** GETs that must answer 200 before anything else (/health/ready on the backend, /healthz via the web). */
  healthPaths: string[];
  /** Budget of each request and of waiting for the event, in ms. */
  timeoutMs: number;
  log: (line: string) => void;
}

export class SmokeFailure extends Error {
  readonly step: string;
  constructor(step: string, cause: unknown) {
    super(`smoke test failed at "${step}": ${cause instanceof Error ? cause.message : String(cause)}`);
    this.step = step;
  }
}

/** The few fields of openapi-fetch's result the smoke test reads. */
interface ApiResult {
  error?: unknown;
  response: Response;
}
/** The generated client (@todo/openapi) or anything shaped like it, e.g. a test double. */
export type ClientFactory = typeof createApiClient;

function expectStatus(result: ApiResult, status: number): void {
  if (result.response.status !== status) {
    const problem = result.error ? ` ${JSON.stringify(result.error)}` : '';
    throw new Error(`expected HTTP ${status}, got ${result.response.status}${problem}`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function defaultClientFactory(): Promise<ClientFactory> {
  // Loaded lazily so that the CLI's --help and the skipped test need no generated client.
  return (await import('@todo/openapi')).createApiClient;
}

/** Opens the SSE stream and resolves with the first event matching `accept`. */
function watchEvents(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): { opened: Promise<void>; next: (accept: (type: string, data: unknown) => boolean) => Promise<void> } {
  const waiters: { accept: (type: string, data: unknown) => boolean; resolve: () => void }[] = [];
  const seen: { type: string; data: unknown }[] = [];
  const opened = (async () => {
    const response = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal });
    if (response.status !== 200) throw new Error(`events stream answered HTTP ${response.status}`);
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream')) throw new Error(`events stream has content-type "${type}"`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const event = parseFrame(frame);
          if (!event) continue;
          seen.push(event);
          for (const w of waiters.filter((w) => w.accept(event.type, event.data))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
    })();
  })();
  return {
    opened,
    next: (accept) =>
      seen.some((e) => accept(e.type, e.data))
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ accept, resolve })),
  };
}

/** One SSE frame: `event:` names the type; else a JSON `data:` with a `type` field does. */
export function parseFrame(frame: string): { type: string; data: unknown } | null {
  let type = '';
  const data: string[] = [];
  for (const line of frame.split(/\r?\n/)) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length && !type) return null;
  let parsed: unknown = data.join('\n');
  try {
    parsed = JSON.parse(parsed as string);
  } catch {
    // plain-text data stays a string
  }
  if (!type && parsed && typeof parsed === 'object' && 'type' in parsed) type = String(parsed.type);
  return { type: type || 'message', data: parsed };
}

function mentions(data: unknown, id: string): boolean {
  return JSON.stringify(data ?? null).includes(id);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runSmoke(options: SmokeOptions, factory?: ClientFactory): Promise<string[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const api = (factory ?? (await defaultClientFactory()))(base, { headers: options.headers });
  const passed: string[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      const value = await withTimeout(fn(), options.timeoutMs, name);
      passed.push(name);
      options.log(`ok   ${name} (${Date.now() - started} ms)`);
      return value;
    } catch (error) {
      options.log(`FAIL ${name}`);
      throw new SmokeFailure(name, error);
    }
  };

  const streamAbort = new AbortController();
  let auth: Record<string, string> = {};
  let refreshToken: string | undefined;
  let taskId: string | undefined;
  let erased = false;
  try {
    for (const path of options.healthPaths) {
      await step(`GET ${path} is 200`, async () => {
        const response = await fetch(`${base}${path}`, { headers: options.headers });
        await response.body?.cancel();
        check(response.status === 200, `expected HTTP 200, got ${response.status}`);
      });
    }

    await step('register a throwaway user', async () => {
      const suffix = `${Date.now()}-${randomBytes(4).toString('hex')}`;
      const result = await api.POST('/api/v1/auth/register', {
        body: {
          email: `smoke-${suffix}@example.com`,
          password: randomBytes(18).toString('base64url'),
          name: 'Smoke Test',
        },
      });
      expectStatus(result, 201);
      const tokens = result.data as { accessToken?: string; refreshToken?: string };
      check(tokens.accessToken && tokens.refreshToken, 'register returned no token pair');
      auth = { Authorization: `Bearer ${tokens.accessToken}` };
      refreshToken = tokens.refreshToken;
    });

    const events = watchEvents(
      `${base}/api/v1/tasks/events`,
      { ...options.headers, ...auth },
      streamAbort.signal,
    );
    await step('open the events stream', () => events.opened);

    const created = await step('create a task', async () => {
      const result = await api.POST('/api/v1/tasks', {
        body: { title: 'smoke test task', priority: 'high', tags: ['smoke'] },
        headers: auth,
      });
      expectStatus(result, 201);
      const task = result.data as Task;
      check(task.id && task.title === 'smoke test task' && task.completed === false, 'unexpected task body');
      taskId = task.id;
      return task;
    });
    const id = created.id;
    const byId = { params: { path: { id } }, headers: auth };

    await step('events stream delivers task.created', () =>
      events.next((type, data) => type === 'task.created' && mentions(data, id)),
    );

    await step('read the task', async () => {
      const result = await api.GET('/api/v1/tasks/{id}', byId);
      expectStatus(result, 200);
      check((result.data as Task).id === id, 'read returned another task');
    });

    const updated = await step('update the title (If-Match)', async () => {
      const result = await api.PATCH('/api/v1/tasks/{id}', {
        ...byId,
        headers: { ...auth, 'If-Match': String(created.version) },
        body: { title: 'smoke test task, renamed' },
      });
      expectStatus(result, 200);
      const task = result.data as Task;
      check(task.title === 'smoke test task, renamed', `title is "${task.title}"`);
      check(task.version > created.version, 'version did not increase');
      return task;
    });

    await step('complete the task', async () => {
      const result = await api.PATCH('/api/v1/tasks/{id}', {
        ...byId,
        headers: { ...auth, 'If-Match': String(updated.version) },
        body: { completed: true },
      });
      expectStatus(result, 200);
      const task = result.data as Task;
      check(task.completed === true && task.completedAt, 'task is not completed');
    });

    await step('trash the task', async () => {
      expectStatus(await api.DELETE('/api/v1/tasks/{id}', byId), 204);
      expectStatus(await api.GET('/api/v1/tasks/{id}', byId), 404);
    });

    await step('restore it from the trash', async () => {
      const result = await api.POST('/api/v1/trash/{id}/restore', byId);
      expectStatus(result, 200);
      expectStatus(await api.GET('/api/v1/tasks/{id}', byId), 200);
    });

    await step('erase it for good', async () => {
      expectStatus(await api.DELETE('/api/v1/tasks/{id}', byId), 204);
      expectStatus(await api.DELETE('/api/v1/trash/{id}', byId), 204);
      erased = true;
      expectStatus(await api.POST('/api/v1/trash/{id}/restore', byId), 404);
    });

    await step('log out (spends the refresh token)', async () => {
      const token = refreshToken!;
      refreshToken = undefined;
      expectStatus(
        await api.POST('/api/v1/auth/logout', { body: { refreshToken: token }, headers: auth }),
        204,
      );
    });
    return passed;
  } finally {
    streamAbort.abort();
    // Best effort: leave nothing behind after a failure half-way.
    if (taskId && !erased) {
      const byId = { params: { path: { id: taskId } }, headers: auth };
      await api.DELETE('/api/v1/tasks/{id}', byId).catch(() => undefined);
      await api.DELETE('/api/v1/trash/{id}', byId).catch(() => undefined);
    }
    if (refreshToken) {
      await api.POST('/api/v1/auth/logout', { body: { refreshToken }, headers: auth }).catch(() => undefined);
    }
  }
}

export function parseSmokeArgs(argv: string[], env: NodeJS.ProcessEnv): Omit<SmokeOptions, 'log'> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      header: { type: 'string', multiple: true },
      'health-path': { type: 'string', multiple: true },
      'timeout-ms': { type: 'string' },
    },
    strict: true,
  });
  const baseUrl = values['base-url'] ?? env.SMOKE_BASE_URL;
  if (!baseUrl) throw new Error('give --base-url or SMOKE_BASE_URL (e.g. http://127.0.0.1:8000)');
  const headers: Record<string, string> = {};
  const headerArgs = values.header ?? (env.SMOKE_HEADERS ? env.SMOKE_HEADERS.split(';') : []);
  for (const header of headerArgs.filter((h) => h.trim())) {
    const colon = header.indexOf(':');
    if (colon < 1) throw new Error(`--header must look like "Name: value", got "${header}"`);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const timeoutMs = Number(values['timeout-ms'] ?? 15_000);
  if (!(timeoutMs > 0)) throw new Error('--timeout-ms must be a positive number');
  return { baseUrl, headers, healthPaths: values['health-path'] ?? ['/health/ready'], timeoutMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const options = parseSmokeArgs(process.argv.slice(2), process.env);
    console.log(`smoke test against ${options.baseUrl}`);
    const passed = await runSmoke({ ...options, log: (line) => console.log(line) });
    console.log(`smoke test passed: ${passed.length} steps`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
