import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';

const TODOIST_CSV = [
  'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE',
  'section,Packing,,,,,,,,',
  'task,Pack the bags,,1,1,,,,,',
  'task,Find the passport,,4,2,,,,,',
  'task,Water the plants,,3,1,,,,,',
].join('\n');

test.describe('Settings: calendar feeds and import', () => {
  test.beforeEach(async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await new AuthPage(page).signUp(newPerson('interop'));
    await expect(page).toHaveURL(/\/tasks/);
  });

  test('creates a calendar feed, copies its address, which serves iCalendar, and revokes it', async ({
    page,
    request,
  }) => {
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Calendar feeds' })).toBeVisible();
    await expect(page.getByText('Google Calendar')).toBeVisible();
    await page.getByRole('button', { name: 'Create feed' }).click();
    const created = page.getByTestId('new-feed');
    await expect(created).toContainText(/\/feeds\/[\w-]{43}\.ics/);
    await created.getByRole('button', { name: 'Copy address' }).click();
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/^https?:\/\/.+\/feeds\/[\w-]{43}\.ics$/);
    const feed = await request.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('text/calendar');
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    const list = page.getByRole('list', { name: 'Your feeds' });
    await list
      .getByRole('listitem', { name: 'All projects' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await expect(page.getByText('Feed revoked')).toBeVisible();
    await expect(page.getByTestId('new-feed')).toBeHidden();
    expect((await request.get(url)).status()).toBe(404);
  });

  test('previews a Todoist CSV import, then imports it and shows the project', async ({ page }) => {
    await page.goto('/settings');
    await page.getByLabel(/Import an export/).setInputFiles({
      name: 'Holiday.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(TODOIST_CSV),
    });
    const preview = page.getByTestId('import-preview');
    await expect(preview).toContainText('will create 1 project, 1 section and 3 tasks');
    await preview.getByRole('button', { name: 'Import' }).click();
    const project = page.getByRole('complementary').getByRole('link', { name: /Holiday/ });
    await expect(project).toBeVisible();
    await project.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Holiday' })).toBeVisible();
    await expect(page.getByText('Pack the bags')).toBeVisible();
    await expect(page.getByText('Water the plants')).toBeVisible();
  });

  test('names the line of a bad CSV row and imports nothing', async ({ page }) => {
    await page.goto('/settings');
    await page.getByLabel(/Import an export/).setInputFiles({
      name: 'Broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${TODOIST_CSV}\ntask,Too deep,,1,4,,,,,\n`),
    });
    const problem = page.getByTestId('import-problem');
    await expect(problem).toContainText('line 6: has INDENT 4 with no task at INDENT 3 above it');
    await expect(page.getByTestId('import-preview')).toBeHidden();
  });
});

test.describe('Settings: webhooks', () => {
  test('add a webhook and see a test delivery', async ({ page }) => {
    await new AuthPage(page).signUp(newPerson('hooks'));
    await expect(page).toHaveURL(/\/tasks/);
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
    // .invalid never resolves (RFC 6761): the message is queued and retried, never sent anywhere.
    await page.getByLabel('Payload URL').fill('https://hooks.invalid/todo');
    await page.getByRole('checkbox', { name: 'task.deleted' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByTestId('new-webhook')).toContainText(/whsec_[A-Za-z0-9+/]{43}=/);

    const hook = page
      .getByRole('list', { name: 'Your webhooks' })
      .getByRole('listitem', { name: 'https://hooks.invalid/todo' });
    await expect(hook).toContainText('task.created, task.updated, task.deleted');
    await hook.getByRole('button', { name: 'Send test' }).click();
    const log = hook.getByRole('table', { name: 'Deliveries' });
    await expect(log.getByRole('row', { name: /webhook\.test/ })).toBeVisible();
  });
});
