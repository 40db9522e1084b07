// `npm test`: every suite of the workspace, then one summary line. Against real PostgreSQL too when
// TEST_DATABASE_URL is set. The browser and smoke suites run against a production stack started here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './lib/junit-summary.mjs';
import { ROOT, run, startStack } from './lib/stack.mjs';

const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  JUNIT_REPORTS: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};
rmSync(join(ROOT, 'reports/junit'), { recursive: true, force: true });

const results = [];
async function step(name, command, args, extraEnv = {}) {
  console.log(`\n=== ${name} ===`);
  const code = await run(command, args, { env: { ...env, ...extraEnv } });
  results.push({ name, ok: code === 0 });
}

await step('build', 'npx', [
  'nx',
  'run-many',
  '-t',
  'build',
  '-p',
  'backend',
  'frontend',
  '--outputStyle=static',
]);
await step('backend: unit, integration, e2e', 'npm', ['test', '-w', 'backend']);
await step('openapi: drift check', 'npm', ['test', '-w', '@todo/openapi']);
await step('frontend: unit', 'npm', ['test', '-w', 'frontend']);

const dataDir = mkdtempSync(join(tmpdir(), 'todo-stack-'));
let stack;
try {
  stack = await startStack({
    apiPort: 18_000,
    webPort: 13_000,
    quiet: true,
    apiEnv: { PGLITE_DATA_DIR: join(dataDir, 'db'), RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' },
  });
  await step(
    'scripts: chart, images, workflows, release, smoke, docs',
    'npm',
    ['test', '-w', '@todo/scripts'],
    {
      SMOKE_BASE_URL: stack.apiUrl,
    },
  );
  await step('frontend: browser e2e', 'npm', ['run', 'test:e2e', '-w', 'frontend'], {
    E2E_BASE_URL: stack.webUrl,
  });
} catch (error) {
  console.error(`Could not start the stack: ${error.message}`);
  results.push({ name: 'stack start', ok: false });
} finally {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const { passed, failed, skipped } = summarize(join(ROOT, 'reports/junit'));
const failedSteps = results.filter((result) => !result.ok).map((result) => result.name);
console.log(`\nSteps failed: ${failedSteps.length ? failedSteps.join('; ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
process.exit(failedSteps.length || failed ? 1 : 0);
