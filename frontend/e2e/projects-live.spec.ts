import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { expectAxeClean } from './pages/axe';

/**
 * The project page beyond its first render: changes from another browser arrive live, completed tasks on request
 * (with Undo), a move applied from its answer alone, and long (virtualised) lists without drag and drop.
 */

const sidebar = (page: Page) => page.getByRole('complementary');
const row = (page: Page, title: string) => page.getByRole('listitem', { name: new RegExp(`^${title}(,|$)`) });
const titles = (page: Page) => page.getByTestId('project-task').getByTestId('task-title').allInnerTexts();

/** Talks to the API as the page's person (the context's cookies), as another client would. */
function api(page: Page) {
  const origin = new URL(page.url()).origin;
  const headers = { Origin: origin };
  const ok = async (res: Awaited<ReturnType<Page['request']['get']>>) => {
    expect(res.ok(), `${res.url()} → ${res.status()} ${await res.text()}`).toBe(true);
    return res.status() === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };
  return {
    project: async (name: string) =>
      (await ok(await page.request.post('/api/v1/projects', { headers, data: { name } })))!.id as string,
    section: async (projectId: string, name: string) =>
      (await ok(
        await page.request.post(`/api/v1/projects/${projectId}/sections`, { headers, data: { name } }),
      ))!.id as string,
    task: async (data: Record<string, unknown>) =>
      (await ok(await page.request.post('/api/v1/tasks', { headers, data })))!.id as string,
    get: async (id: string) => (await ok(await page.request.get(`/api/v1/tasks/${id}`)))!,
    patch: async (id: string, data: Record<string, unknown>) => {
      const { version } = (await ok(await page.request.get(`/api/v1/tasks/${id}`)))!;
      return ok(
        await page.request.patch(`/api/v1/tasks/${id}`, {
          headers: { ...headers, 'If-Match': String(version) },
          data,
        }),
      );
    },
    move: async (id: string, data: Record<string, unknown>) =>
      ok(await page.request.post(`/api/v1/tasks/${id}/move`, { headers, data })),
    trash: async (id: string) => ok(await page.request.delete(`/api/v1/tasks/${id}`, { headers })),
    restore: async (id: string) => ok(await page.request.post(`/api/v1/trash/${id}/restore`, { headers })),
    deleteProject: async (id: string) => ok(await page.request.delete(`/api/v1/projects/${id}`, { headers })),
  };
}

async function signedIn(page: Page, tag: string) {
  await new AuthPage(page).signUp(newPerson(tag));
  await expect(page).toHaveURL(/\/tasks/);
}

async function openProject(page: Page, id: string, name: string) {
  await page.goto(`/projects/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByTestId('project-page')).toHaveAttribute('data-live', 'live');
}

const countOf = (page: Page, name: string) =>
  sidebar(page)
    .getByRole('link', { name: new RegExp(`^${name}`) })
    .getByTestId('open-count');

test('changes made in another browser appear on an open project page, its sidebar count follows', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const page1 = await first.newPage();
  await signedIn(page1, 'proj-live');
  const other = api(page1);
  const projectId = await other.project('Live');
  const laterId = await other.section(projectId, 'Later');
  const elsewhereId = await other.project('Elsewhere');
  const second = await browser.newContext({ storageState: await first.storageState() });
  const page2 = await second.newPage();
  await openProject(page1, projectId, 'Live');
  await openProject(page2, projectId, 'Live');
  const remote = api(page2);
  const within = { timeout: 2000 };

  // Created in the other browser, through its page.
  await page2.getByRole('textbox', { name: 'Add a task to Live' }).fill('From afar');
  await page2.getByRole('textbox', { name: 'Add a task to Live' }).press('Enter');
  await expect(row(page1, 'From afar')).toBeVisible(within);
  await expect(countOf(page1, 'Live')).toHaveText(/^1/, within);
  const id = (await row(page1, 'From afar').getAttribute('data-task-id'))!;

  // Edited, moved to a section, completed, reopened, trashed, restored.
  await remote.patch(id, { title: 'Renamed afar' });
  await expect(row(page1, 'Renamed afar')).toBeVisible(within);
  await remote.move(id, { sectionId: laterId });
  await expect(page1.getByRole('heading', { level: 2, name: 'Later 1' })).toBeVisible(within);
  await remote.patch(id, { completed: true });
  await expect(page1.getByTestId('project-task')).toHaveCount(0, within);
  await expect(countOf(page1, 'Live')).toHaveCount(0, within);
  await remote.patch(id, { completed: false });
  await expect(row(page1, 'Renamed afar')).toBeVisible(within);
  // Into a section made in the other browser (sections have no events of their own): the page reads them again.
  const newerId = await remote.section(projectId, 'Newer');
  await remote.move(id, { sectionId: newerId });
  await expect(page1.getByRole('heading', { level: 2, name: 'Newer 1' })).toBeVisible(within);
  await remote.trash(id);
  await expect(page1.getByTestId('project-task')).toHaveCount(0, within);
  await remote.restore(id);
  await expect(row(page1, 'Renamed afar')).toBeVisible(within);

  // A task with a subtask moved in from another project arrives with its subtask (the API sends no event for it).
  const parent = await remote.task({ title: 'Imported', projectId: elsewhereId });
  await remote.task({ title: 'Its part', projectId: elsewhereId, parentId: parent });
  await remote.move(parent, { projectId, sectionId: null });
  await expect(row(page1, 'Imported, 1 subtask')).toBeVisible(within);
  await expect(row(page1, 'Its part, subtask level 2')).toBeVisible(within);
  await expect(countOf(page1, 'Live')).toHaveText(/^3/, within);
  // And leaves with it.
  await remote.move(parent, { projectId: elsewhereId });
  await expect(page1.getByTestId('project-task').filter({ hasText: 'Its part' })).toHaveCount(0, within);
  await expect(countOf(page1, 'Elsewhere')).toHaveText(/^2/, within);

  // The project deleted in the other browser: this page says so, with the way to the trash.
  await remote.deleteProject(projectId);
  await expect(page1.getByRole('heading', { level: 1, name: '“Live” was deleted' })).toBeVisible({
    timeout: 3000,
  });
  await expect(page1.getByRole('link', { name: 'Open the trash' })).toBeVisible();
  await expectAxeClean(page1, 'project deleted elsewhere');
  await first.close();
  await second.close();
});

test('Show completed: remembered for the project; completing there and on the open list can be undone', async ({
  page,
}) => {
  await signedIn(page, 'proj-done');
  const server = api(page);
  const projectId = await server.project('Chores');
  const done = await server.task({ title: 'Done already', projectId });
  await server.patch(done, { completed: true });
  await server.task({ title: 'Still open', projectId });
  await openProject(page, projectId, 'Chores');
  expect(await titles(page)).toEqual(['Still open']);

  // Complete, then Undo from the toast.
  await row(page, 'Still open').getByRole('button', { name: 'Complete “Still open”' }).click();
  await expect(page.getByTestId('project-task')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(row(page, 'Still open')).toBeVisible();
  const stillOpenId = (await row(page, 'Still open').getAttribute('data-task-id'))!;
  await expect.poll(async () => (await server.get(stillOpenId)).completed).toBe(false);

  await page.getByRole('checkbox', { name: 'Show completed' }).check();
  await expect(page).toHaveURL(/completed=show/);
  await expect(row(page, 'Done already, completed')).toBeVisible();
  await expectAxeClean(page, 'completed shown');
  await row(page, 'Still open').getByRole('button', { name: 'Complete “Still open”' }).click();
  await expect(row(page, 'Still open, completed')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(row(page, 'Still open')).toBeVisible();
  await expect.poll(async () => (await server.get(stillOpenId)).completed).toBe(false);

  // Reopen a completed one where it is shown.
  await row(page, 'Done already, completed').getByRole('button', { name: 'Reopen “Done already”' }).click();
  await expect(row(page, 'Done already')).toBeVisible();
  await expect.poll(async () => (await server.get(done)).completed).toBe(false);
  await server.patch(done, { completed: true });

  // Remembered: a reload (the URL), and coming back from the sidebar (this browser).
  await page.reload();
  await expect(row(page, 'Done already, completed')).toBeVisible();
  await sidebar(page).getByRole('link', { name: 'Everything' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await sidebar(page)
    .getByRole('link', { name: /^Chores/ })
    .click();
  await expect(row(page, 'Done already, completed')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show completed' }).uncheck();
  await expect(page.getByTestId('project-task').filter({ hasText: 'Done already' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/completed=show/);
});

test('moving a task with a subtask to another section applies the answer without reading the project again', async ({
  page,
}) => {
  await signedIn(page, 'proj-move');
  const server = api(page);
  const projectId = await server.project('Tidy');
  await server.section(projectId, 'Soon');
  const parent = await server.task({ title: 'Sort books', projectId });
  await server.task({ title: 'Dust shelf', projectId, parentId: parent });
  await server.task({ title: 'Other', projectId });
  await openProject(page, projectId, 'Tidy');

  await row(page, 'Sort books').getByRole('button', { name: 'Move “Sort books”…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move “Sort books”' });
  // The dialog reads the section's tasks (the parents it offers); the move itself must read nothing.
  const parentsRead = page.waitForResponse((r) => r.url().includes('sectionId='));
  await dialog.getByLabel('Section').selectOption({ label: 'Soon' });
  await parentsRead;
  const reads: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && /\/api\/v1\/tasks(\?|$)/.test(r.url())) reads.push(r.url());
  });
  await dialog.getByRole('button', { name: 'Move' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Soon 2' })).toBeVisible();
  expect(await titles(page)).toEqual(['Other', 'Sort books', 'Dust shelf']);
  await expect(row(page, 'Dust shelf, subtask level 2')).toBeVisible();
  await page.waitForTimeout(500);
  expect(reads).toEqual([]);
  await page.reload();
  expect(await titles(page)).toEqual(['Other', 'Sort books', 'Dust shelf']);
});

test('a long (virtualised) list has no drag handles, says so, and Move… works there', async ({ page }) => {
  test.setTimeout(120_000);
  await signedIn(page, 'proj-long');
  const server = api(page);
  const projectId = await server.project('Long');
  await server.section(projectId, 'Bottom');
  for (let start = 0; start < 160; start += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.task({ title: `Item ${String(start + i).padStart(3, '0')}`, projectId }),
      ),
    );
  }
  await openProject(page, projectId, 'Long');
  await expect(page.getByTestId('loading-more')).toHaveCount(0);
  await expect(page.getByTestId('project-rows')).toHaveAttribute('data-virtual', 'true');
  await expect(page.getByTestId('drag-off-note')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Drag “/ })).toHaveCount(0);

  // Keyboard only: the first row, → to Move…, choose the section, submit.
  await page.getByTestId('project-task').first().focus();
  const first = (await page.getByTestId('project-task').first().getAttribute('aria-label'))!;
  const move = page.getByRole('button', { name: `Move “${first}”…` });
  for (let i = 0; i < 8 && !(await move.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('ArrowRight');
  }
  await expect(move).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Move “${first}”` });
  await dialog.getByLabel('Section').selectOption({ label: 'Bottom' });
  await dialog.getByRole('button', { name: 'Move' }).click();
  await expect(dialog).toBeHidden();
  // The section is at the end of the long list: scroll there (only rows near the screen are in the page).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.getByRole('heading', { level: 2, name: 'Bottom 1' })).toBeVisible();
  await expect(row(page, first)).toBeVisible();

  // A short list keeps drag and drop.
  const shortId = await server.project('Short');
  await server.task({ title: 'Alone', projectId: shortId });
  await openProject(page, shortId, 'Short');
  await expect(page.getByRole('button', { name: 'Drag “Alone”' })).toBeVisible();
  await expect(page.getByTestId('drag-off-note')).toHaveCount(0);
});

test('the Inbox link opens the Inbox project, and its count is that page’s open tasks', async ({ page }) => {
  await signedIn(page, 'proj-inbox');
  const server = api(page);
  const gardenId = await server.project('Garden');
  await server.task({ title: 'Loose end' });
  await server.task({ title: 'Second loose end' });
  await server.task({ title: 'Weed', projectId: gardenId });
  await page.reload();
  const inbox = sidebar(page).getByRole('link', { name: /^Inbox/ });
  await expect(inbox).toHaveAccessibleName('Inbox (2 open)');
  await inbox.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await expect(inbox).toHaveAttribute('aria-current', 'page');
  expect(await titles(page)).toEqual(['Loose end', 'Second loose end']);
  // Every task, across projects, is the board's "Everything".
  await sidebar(page).getByRole('link', { name: 'Everything' }).click();
  await expect(page.getByTestId('task-row')).toHaveCount(3);
});

test('refused actions say why in words; an unknown project is a clear page, not a blank one', async ({
  page,
}) => {
  await signedIn(page, 'proj-errors');
  const server = api(page);
  const projectId = await server.project('Fragile');
  const gone = await server.task({ title: 'Soon gone', projectId });
  const changed = await server.task({ title: 'Soon changed', projectId });
  await server.task({ title: 'Stays', projectId });
  await page.goto(`/projects/${projectId}`);
  await expect(row(page, 'Soon gone')).toBeVisible();
  // Changed behind this page's back, with no stream to tell it (the stream is cut off for this test).
  await page.route('**/api/v1/tasks/events', (route) => route.abort());
  await page.reload();
  await expect(row(page, 'Soon gone')).toBeVisible();
  await server.trash(gone);
  await server.patch(changed, { title: 'Changed elsewhere' });

  await row(page, 'Soon gone').getByRole('button', { name: 'Complete “Soon gone”' }).click();
  await expect(page.getByText('Could not complete “Soon gone”: it was deleted elsewhere')).toBeVisible();
  await expect(page.getByTestId('project-task').filter({ hasText: 'Soon gone' })).toHaveCount(0);
  await row(page, 'Soon changed').getByRole('button', { name: 'Complete “Soon changed”' }).click();
  await expect(page.getByText(/it was changed elsewhere just now/)).toBeVisible();
  await expect(row(page, 'Changed elsewhere')).toBeVisible();
  // Focus went on to a task, not to the page.
  await row(page, 'Stays').getByRole('button', { name: 'Complete “Stays”' }).focus();
  await page.keyboard.press('Enter');
  await expect(row(page, 'Changed elsewhere')).toBeFocused();

  await page.goto('/projects/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1, name: 'Project not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the trash' })).toBeVisible();
  await expectAxeClean(page, 'project not found');
  await page.goto('/projects/not-a-uuid');
  await expect(page.getByRole('heading', { level: 1, name: 'Project not found' })).toBeVisible();
});
