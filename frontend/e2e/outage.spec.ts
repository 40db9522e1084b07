import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Request } from '@playwright/test';
import { freePort, startApi, type ApiProcess } from '../../scripts/lib/api-process.mjs';
import { ROOT, startWeb, type WebProcess } from '../../scripts/lib/stack.mjs';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

// This spec stops and restarts the API, so it brings its own: the built API on a PGlite folder of its own, and
// the built web client in front of it (the shared stack must stay up for the other specs).
let api: ApiProcess | undefined;
let web: WebProcess | undefined;
let dataDir = '';
const secrets = {
  jwt: randomBytes(48).toString('base64url'),
  gateway: randomBytes(32).toString('base64url'),
};
const apiEnv = () => ({
  PGLITE_DATA_DIR: join(dataDir, 'db'),
  // Fixed across the restart, so the browser's session outlives the outage as it would in production.
  JWT_SECRET: secrets.jwt,
  GATEWAY_SECRET: secrets.gateway,
});

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'todo-outage-'));
  api = await startApi(join(ROOT, 'backend/dist'), apiEnv(), { logs: 'errors', readyTimeoutMs: 120_000 });
  web = startWeb({
    webPort: await freePort(),
    backendUrl: api.base,
    gatewaySecret: secrets.gateway,
    quiet: true,
  });
  await web.ready();
});

test.afterAll(async () => {
  await Promise.all([web?.stop(), api?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('a task written while the API is away is kept, said to be unsaved, and saved once when it is back', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ baseURL: web!.url });
  const page = await context.newPage();
  await new AuthPage(page).signUp(newPerson('outage'));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  await board.add('Known before the outage');
  await expect(board.row('Known before the outage')).not.toHaveAttribute('aria-busy', 'true');

  const title = 'Written during the outage';
  const creates: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tasks') creates.push(r);
  });

  const port = api!.port;
  await api!.stop();
  await board.add(title);
  const row = board.row(title);
  await expect(row.getByTestId('unsaved')).toHaveText(/Not saved yet/);
  await expect(board.toast(title)).toContainText('kept on this device');
  await expect(page.getByText(/Retrying shortly/)).toHaveCount(0);
  // The automatic retries fail too: it then says it is not saved, with a way to try again.
  await expect(row.getByTestId('unsaved')).toContainText('Not saved ·', { timeout: 20_000 });
  await expect(row.getByRole('button', { name: `Retry saving “${title}”` })).toBeVisible();

  // A reload while the API is away: the shell, a banner saying so, and the tasks this browser last saw.
  const reload = await page.reload();
  expect(reload?.status()).toBeLessThan(500);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('outage-banner')).toContainText('can’t be reached');
  await expect(board.row('Known before the outage')).toBeVisible();
  await expect(board.row(title).getByTestId('unsaved')).toBeVisible();
  await expect(board.quickAdd).toBeDisabled();

  api = await startApi(join(ROOT, 'backend/dist'), apiEnv(), {
    port,
    logs: 'errors',
    readyTimeoutMs: 120_000,
  });
  await expect(page.getByTestId('outage-banner')).toHaveCount(0, { timeout: 45_000 });
  await expect(board.row(title)).toBeVisible();
  await expect(board.row(title).getByTestId('unsaved')).toHaveCount(0, { timeout: 20_000 });
  await expect(board.quickAdd).toBeEnabled();

  // Exactly one task on the server, however many attempts it took, all with the first attempt's key.
  const listed = await page.request.get('/api/v1/tasks?limit=100');
  expect(listed.status()).toBe(200);
  const { items } = (await listed.json()) as { items: { title: string }[] };
  expect(items.filter((t) => t.title === title)).toHaveLength(1);
  const keys = creates
    .filter((r) => r.postDataJSON()?.title === title)
    .map((r) => r.headers()['idempotency-key']);
  expect(keys.length).toBeGreaterThan(1);
  expect(new Set(keys).size).toBe(1);

  await page.reload();
  await expect(board.rows.filter({ hasText: title })).toHaveCount(1);
  await expect(page.getByTestId('unsaved')).toHaveCount(0);
  await context.close();
});
