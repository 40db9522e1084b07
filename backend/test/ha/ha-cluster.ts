import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApi } from '../../../scripts/lib/api-process.mjs';
import { findTool } from '../../../scripts/lib/system-tools.mjs';
import { sleep } from '../realtime/sse-client.js';

export const nginxBinary = (): string | undefined => findTool('nginx');

/** One API process on a fixed port, restartable in place (a pod behind a Service keeps its address). */
export class Replica {
  child: ChildProcess | undefined;
  private readonly outputs: (() => string)[] = [];
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly distDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  get pid() {
    return this.child?.pid;
  }
  logs() {
    return this.outputs.map((output) => output()).join('');
  }

  async start(): Promise<void> {
    const api = await startApi(this.distDir, this.env, { port: this.port });
    this.child = api.child;
    this.outputs.push(api.output);
  }

  async readiness(): Promise<number> {
    // Longer than the readiness check's own 2 s database timeout, as a kubelet probe's timeoutSeconds must be.
    return fetch(`${this.base}/health/ready`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status,
      () => 0,
    );
  }
  async ready(): Promise<boolean> {
    return (await this.readiness()) === 200;
  }

  /** Sends a signal and waits for the exit (SIGTERM drains; SIGKILL does not). */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}

/**
 * nginx as a Service would be: round robin over the replicas with upstream keep-alive (idle connections kept 60 s,
 * nginx's default), passive health (a refused connection or a 503 marks a replica down for 2 s) and one retry on
 * the next replica. Two front doors: `base` retries POSTs too (`non_idempotent`, safe here because every POST the
 * load sends carries an Idempotency-Key, docs/operations.md); `strictBase` is ingress-nginx's default
 * (`error timeout`), which never retries a POST it has sent — a connection closed under a request is a 502 there.
 */
export async function startNginx(replicas: Replica[]) {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'todo-ha-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const strictPort = await freePort();
  const location = (nextUpstream: string) => `
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_connect_timeout 1s;
      proxy_read_timeout 15s;
      proxy_next_upstream ${nextUpstream};
      proxy_next_upstream_tries 3;
    }`;
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream api {
${replicas.map((r) => `    server 127.0.0.1:${r.port} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};${location('error timeout http_502 http_503 non_idempotent')}
  }
  server {
    listen 127.0.0.1:${strictPort};${location('error timeout')}
  }
}`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const up = await fetch(`${base}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not come up: ${output}`);
    await sleep(100);
  }
  return {
    base,
    strictBase: `http://127.0.0.1:${strictPort}`,
    /** nginx's error log so far: why an upstream request failed. */
    errorLog: () => readFileSync(join(dir, 'logs/error.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
