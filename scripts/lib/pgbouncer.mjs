// PgBouncer in transaction mode in front of a PostgreSQL server, from a private temp dir (own config, auth file,
// log and pid), for the suites that run the API through a transaction pooler. Its settings are the ones
// docs/operations.md ("Pooled PostgreSQL") asks of an operator's pooler.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './api-process.mjs';
import { findTool } from './system-tools.mjs';

const postgres = createRequire(new URL('../../backend/package.json', import.meta.url))('postgres');

export const PGBOUNCER = findTool('pgbouncer');

/** PgBouncer refuses to run as root; as root it switches to this user (Debian's PostgreSQL owner, else nobody). */
function unprivilegedUser() {
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
      return { name, uid: id('-u'), gid: id('-g') };
    } catch {
      // no such user; try the next
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists for PgBouncer');
}

/**
 * The API's database environment behind a transaction pooler: queries through `pooledUrl`, LISTEN and migrations
 * straight to PostgreSQL at `directUrl` (docs/operations.md, "Pooled PostgreSQL").
 */
export function pooledApiEnv(directUrl, pooledUrl) {
  return {
    DATABASE_URL: pooledUrl,
    DATABASE_POOL_MODE: 'transaction',
    DATABASE_LISTEN_URL: directUrl,
    DATABASE_MIGRATE_URL: directUrl,
  };
}

/**
 * Starts PgBouncer (pool_mode=transaction) forwarding every database name to the server of `serverUrl` (trust
 * auth on that server, as on this project's test machines), and resolves once a query passes through it.
 * `poolSize` server connections per database: fewer than the API's clients, so transactions really move
 * between server connections. `pooled(url)` is the same database through PgBouncer.
 */
export async function startPgBouncer({ serverUrl, port, poolSize = 4, timeoutMs = 10_000 }) {
  if (!PGBOUNCER) throw new Error('pgbouncer is not installed (apt-get install -y pgbouncer)');
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const listenPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'todo-pgbouncer-'));
  const config = `[databases]
* = host=${server.hostname} port=${server.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${listenPort}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
admin_users = ${user}
pool_mode = transaction
default_pool_size = ${poolSize}
max_client_conn = 1000
; a PostgreSQL restart heals within a second of the server answering again (the default waits 15 s)
server_login_retry = 1
; the API sends only startup parameters PgBouncer tracks (TimeZone, application_name, client_encoding):
; nothing needs ignore_startup_parameters
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
`;
  writeFileSync(join(dir, 'pgbouncer.ini'), config);
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`);
  const root = process.getuid?.() === 0;
  const runAs = root ? unprivilegedUser() : undefined;
  if (runAs) {
    for (const path of [dir, ...readdirSync(dir).map((file) => join(dir, file))]) {
      chownSync(path, runAs.uid, runAs.gid);
    }
  }
  const child = spawn(PGBOUNCER, [...(runAs ? ['-u', runAs.name] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const log = () => {
    try {
      return readFileSync(join(dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const pooled = (url) => {
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String(listenPort);
    return through.toString();
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      throw new Error(`pgbouncer exited: ${text}`);
    }
    const probe = postgres(pooled(serverUrl), { max: 1, prepare: false, onnotice: () => undefined });
    const ok = await probe`select 1`.then(
      () => true,
      () => false,
    );
    await probe.end({ timeout: 1 });
    if (ok) return { port: listenPort, config, pooled, log, stop };
    if (Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`pgbouncer did not pass a query within ${timeoutMs} ms: ${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
