#!/usr/bin/env node
// Runs the standalone production server. Copies .next/static and public next to server.js when they
// are missing or older than the build (Next leaves that to the deployer), then starts it on
// PORT (3000) on HOST (0.0.0.0; an inherited container HOSTNAME is deliberately ignored).
import { cpSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standalone = path.join(root, '.next', 'standalone', 'frontend');
const server = path.join(standalone, 'server.js');
if (!existsSync(server)) {
  console.error(`No standalone build at ${server}. Run "npm run build -w frontend" first.`);
  process.exit(1);
}
const sync = (from, to) => {
  if (!existsSync(from)) return;
  if (existsSync(to) && statSync(to).mtimeMs >= statSync(from).mtimeMs) return;
  cpSync(from, to, { recursive: true, force: true });
};
sync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'));
sync(path.join(root, 'public'), path.join(standalone, 'public'));

const env = {
  ...process.env,
  PORT: process.env.PORT || '3000',
  HOSTNAME: process.env.HOST || '0.0.0.0',
  NODE_ENV: 'production',
};
const child = spawn(process.execPath, [server], { stdio: 'inherit', env, cwd: standalone });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
