// `npm start`: builds what changed (Nx cache), then serves the API on :8000 and the web client on :3000.
// Embedded PGlite in .data/pglite unless DATABASE_URL is set; the two share GATEWAY_SECRET, or one made for this run.
import { resolve } from 'node:path';
import { ROOT, run, startStack } from './lib/stack.mjs';

const built = await run(
  'npx',
  ['nx', 'run-many', '-t', 'build', '-p', 'backend', 'frontend', '--outputStyle=static'],
  {
    env: { ...process.env, NX_NO_CLOUD: 'true' },
  },
);
if (built !== 0) process.exit(built);

const apiPort = Number(process.env.PORT ?? 8000);
const stack = await startStack({
  apiPort,
  webPort: Number(process.env.WEB_PORT ?? 3000),
  // The API runs in backend/: a relative folder is taken from the repository root, as documented.
  apiEnv: {
    PGLITE_DATA_DIR: resolve(ROOT, process.env.PGLITE_DATA_DIR ?? '.data/pglite'),
    // /llms.txt names the API by this address (never by the Host header); a deployment sets its own.
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${apiPort}`,
    // Where the authorization server sends the person to approve an agent (the web app's /oauth/consent).
    WEB_URL: process.env.WEB_URL ?? `http://localhost:${process.env.WEB_PORT ?? 3000}`,
  },
});
console.log(
  `\nTodo is running:\n  web  ${stack.webUrl}\n  api  ${stack.apiUrl}  (docs ${stack.apiUrl}/docs)\n`,
);

let stopping = false;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
for (const child of [stack.api, stack.web]) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${child.name} exited unexpectedly (${code}); stopping.`);
      void shutdown(1);
    }
  });
}
