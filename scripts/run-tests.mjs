// `npm test`: every suite of the workspace, then one summary line. Against real PostgreSQL too when
// TEST_DATABASE_URL is set. The browser and smoke suites run against a production stack started here.
// System tools the suites need (lib/system-tools.mjs) are installed first when this runs as root with apt-get;
// otherwise the suites that need a missing one are skipped, one SKIPPED line each — a failure under
// REQUIRE_ALL_SUITES=1, as `.ci/run` sets it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './lib/junit-summary.mjs';
import { ROOT, run, startStack } from './lib/stack.mjs';
import { ensureSystemTools, skipsFail } from './lib/system-tools.mjs';

console.log('=== system tools ===');
const tools = ensureSystemTools();
const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  JUNIT_REPORTS: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  ...(tools.paths.chromium ? { CHROMIUM_PATH: tools.paths.chromium } : {}),
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
  if (tools.paths.chromium) {
    await step('frontend: browser e2e', 'npm', ['run', 'test:e2e', '-w', 'frontend'], {
      E2E_BASE_URL: stack.webUrl,
    });
  }
} catch (error) {
  console.error(`Could not start the stack: ${error.message}`);
  results.push({ name: 'stack start', ok: false });
} finally {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const { passed, failed, skipped } = summarize(join(ROOT, 'reports/junit'));
if (skipsFail(tools.missing)) {
  results.push({
    name: `suites skipped for missing tools (${tools.missing.map((tool) => tool.name).join(', ')})`,
    ok: false,
  });
}
const failedSteps = results.filter((result) => !result.ok).map((result) => result.name);
if (tools.skipLines.length) console.log(`\n${tools.skipLines.join('\n')}`);
console.log(`\nSteps failed: ${failedSteps.length ? failedSteps.join('; ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
process.exit(failedSteps.length || failed ? 1 : 0);
