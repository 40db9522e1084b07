// Runs nginx in the foreground from a private temp dir (own pid, error log and temp paths), for tests that need a
// real reverse proxy in front of the API or the web server.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from './system-tools.mjs';

export const NGINX = findTool('nginx');

/**
 * Starts nginx with `http` as the body of its http block and resolves once `readyUrl` answers 200. `stop()` quits
 * gracefully and removes the dir.
 */
export async function startNginx({ http, readyUrl, timeoutMs = 15_000 }) {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install -y nginx-light)');
  const dir = mkdtempSync(join(tmpdir(), 'todo-nginx-'));
  const temp = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  for (const sub of temp) mkdirSync(join(dir, sub));
  const config = `worker_processes 1;
daemon off;
${process.getuid?.() === 0 ? 'user root root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
${temp.map((sub) => `  ${sub === 'body' ? 'client_body' : sub}_temp_path ${dir}/${sub};`).join('\n')}
${http}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`nginx exited: ${output}\n${config}`);
    }
    const ok = await fetch(readyUrl, { redirect: 'manual' }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { config, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not serve ${readyUrl} within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
