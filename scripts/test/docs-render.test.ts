// GET /docs renders the interactive API reference in Chromium, offline: the built API runs on a spare port with
// an embedded database in a temp dir, every request to another host is refused, and the page must still list
// every operation. The screenshot lands in reports/docs-render.png (git-ignored).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, buildPrivateDist, type PrivateDist, startApi } from '../lib/api-process.mjs';
import { findTool } from '../lib/system-tools.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Without Chromium the rendering case is skipped and `npm test` says so (scripts/lib/system-tools.mjs).
const chromiumPath = findTool('chromium');
const document = JSON.parse(readFileSync(join(root, 'openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { summary: string }>>;
};
const summaries = Object.values(document.paths).flatMap((item) =>
  Object.values(item).map((op) => op.summary),
);

let dist: PrivateDist | undefined;
let api: ApiProcess | undefined;
let dataDir = '';
let baseUrl = '';

beforeAll(async () => {
  dist = buildPrivateDist(join(root, 'backend/.docs-render-dist'));
  dataDir = mkdtempSync(join(tmpdir(), 'docs-render-'));
  api = await startApi(dist.dir, { PGLITE_DATA_DIR: join(dataDir, 'pglite'), DOCS_ENABLED: 'true' });
  baseUrl = api.base;
}, 240_000);

afterAll(async () => {
  await api?.stop();
  dist?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /docs', () => {
  it('serves the reference page with its own script and a policy that allows only this origin', async () => {
    const response = await fetch(`${baseUrl}/docs`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/https?:/);
    const html = await response.text();
    expect(html).toContain('src="/docs/scalar.js"');
    expect(html).not.toMatch(/cdn\.jsdelivr|fonts\.scalar/);
    const script = await fetch(`${baseUrl}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it.skipIf(!chromiumPath)(
    'renders in Chromium without reaching any other host and lists every operation',
    async () => {
      const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const foreign: string[] = [];
        const problems: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(baseUrl) || url.startsWith('data:') || url.startsWith('blob:'))
            return route.continue();
          foreign.push(url);
          return route.abort();
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await page.goto(`${baseUrl}/docs`, { waitUntil: 'load' });
        const rendered = await page
          .getByText('Create a task')
          .first()
          .waitFor({ timeout: 30_000 })
          .then(
            () => true,
            () => false,
          );
        mkdirSync(join(root, 'reports'), { recursive: true });
        await page.screenshot({ path: join(root, 'reports/docs-render.png'), fullPage: false });
        expect(
          rendered,
          `the reference rendered (problems: ${problems.join('; ')}; foreign: ${foreign.join(' ')})`,
        ).toBe(true);

        const text = await page.locator('body').innerText();
        const missing = summaries.filter((summary) => !text.includes(summary));
        expect(missing, 'operations not listed on /docs').toEqual([]);
        expect(problems, 'page errors or CSP violations').toEqual([]);
        expect(foreign, 'requests to other hosts').toEqual([]);
      } finally {
        await browser.close();
      }
    },
    90_000,
  );
});
