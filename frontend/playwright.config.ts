import { defineConfig, devices } from '@playwright/test';

// Runs against an already running production stack (root `npm test` starts it). Never downloads a
// browser: Debian's chromium (or CHROMIUM_PATH) is used.
const ci = Boolean(process.env.CI);
const junit = ci || Boolean(process.env.JUNIT_REPORTS);

export default defineConfig({
  testDir: './e2e',
  timeout: 45_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: ci ? 1 : 2,
  retries: ci ? 1 : 0,
  reporter: junit ? [['list'], ['junit', { outputFile: '../reports/junit/frontend-e2e.xml' }]] : [['list']],
  outputDir: '../reports/playwright',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
