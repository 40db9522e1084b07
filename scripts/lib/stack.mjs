// Starts the production builds of the API and the web client as child processes and waits until both answer.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApi } from './api-process.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(url, { timeoutMs = 120_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
}

function launch(name, args, env, { quiet }) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  child.name = name;
  return child;
}

/**
 * The secret by which the web tier proves itself to the API: GATEWAY_SECRET when set, else a new one for this
 * run, handed to both processes.
 */
const gatewaySecret = () => process.env.GATEWAY_SECRET || randomBytes(32).toString('base64url');

/**
 * Starts the built web client in front of `backendUrl` (running or not); `ready` resolves once /healthz answers.
 * `env` is added to its environment.
 */
export function startWeb({
  webPort,
  backendUrl,
  gatewaySecret: secret,
  env = {},
  name = 'web',
  quiet = false,
}) {
  const web = launch(
    name,
    ['frontend/scripts/serve.mjs'],
    { PORT: String(webPort), BACKEND_URL: backendUrl, GATEWAY_SECRET: secret, ...env },
    { quiet },
  );
  const stop = async () => {
    if (web.exitCode === null) web.kill('SIGTERM');
    if (web.exitCode === null) await new Promise((resolve) => web.once('exit', resolve));
  };
  const url = `http://127.0.0.1:${webPort}`;
  return { child: web, url, stop, ready: () => waitFor(`${url}/healthz`, { child: web }) };
}

/**
 * Starts API and web; resolves once /health/ready and every /healthz answer 200. `webPorts` runs that many web
 * replicas (as the chart does), all with the same GATEWAY_SECRET; `webEnv` is added to each replica's env.
 */
export async function startStack({
  apiPort = 8000,
  webPort = 3000,
  webPorts = [webPort],
  apiEnv = {},
  webEnv = {},
  quiet = false,
} = {}) {
  const GATEWAY_SECRET = gatewaySecret();
  const webs = webPorts.map((port, i) =>
    startWeb({
      webPort: port,
      backendUrl: `http://127.0.0.1:${apiPort}`,
      gatewaySecret: GATEWAY_SECRET,
      env: webEnv,
      name: webPorts.length > 1 ? `web-${i + 1}` : 'web',
      quiet,
    }),
  );
  const stopWeb = () => Promise.all(webs.map((web) => web.stop()));
  let api;
  try {
    api = await startApi(
      join(ROOT, 'backend/dist'),
      { GATEWAY_SECRET, ...apiEnv },
      {
        port: apiPort,
        inheritEnv: true,
        logs: quiet ? 'errors' : 'inherit',
        readyTimeoutMs: 120_000,
      },
    );
    api.child.name = 'api';
    for (const web of webs) await web.ready();
  } catch (error) {
    await Promise.all([stopWeb(), api?.stop()]);
    throw error;
  }
  const stop = async () => {
    await Promise.all([stopWeb(), api.stop()]);
  };
  const webUrls = webPorts.map((port) => `http://127.0.0.1:${port}`);
  return {
    api: api.child,
    web: webs[0].child,
    webs: webs.map((web) => web.child),
    stop,
    apiUrl: api.base,
    webUrl: webUrls[0],
    webUrls,
  };
}

export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
