import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { expectAxeClean } from './pages/axe';
import { createProject } from './pages/projects';

async function signedIn(page: Page, tag: string) {
  await new AuthPage(page).signUp(newPerson(tag));
  await expect(page).toHaveURL(/\/tasks/);
}

const sidebar = (page: Page) => page.getByRole('complementary');
const titles = (page: Page) => page.getByTestId('project-task').getByTestId('task-title').allInnerTexts();

const row = (page: Page, title: string) => page.getByRole('listitem', { name: new RegExp(`^${title}(,|$)`) });

async function addTask(page: Page, project: string, title: string) {
  await page.getByRole('textbox', { name: `Add a task to ${project}` }).fill(title);
  await page.getByRole('textbox', { name: `Add a task to ${project}` }).press('Enter');
  await expect(row(page, title)).toBeVisible();
}

test('a project with a section, a task and a subtask; its open count in the sidebar; axe clean', async ({
  page,
}) => {
  await signedIn(page, 'proj');
  await createProject(page, 'Garden');
  await addTask(page, 'Garden', 'Buy seeds');

  await page.getByRole('textbox', { name: 'New section name' }).fill('Spring');
  await page.getByRole('button', { name: 'Add section' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Spring/ })).toBeVisible();
  await page.getByRole('button', { name: 'Add a task to section “Spring”' }).click();
  await page.getByRole('textbox', { name: 'Add a task to section “Spring”' }).fill('Plant tomatoes');
  await page.getByRole('textbox', { name: 'Add a task to section “Spring”' }).press('Enter');
  await expect(row(page, 'Plant tomatoes')).toBeVisible();
  await page.getByRole('textbox', { name: 'Add a task to section “Spring”' }).press('Escape');

  await row(page, 'Plant tomatoes')
    .getByRole('button', { name: 'Add a subtask to “Plant tomatoes”' })
    .click();
  await page.getByRole('textbox', { name: 'Add a subtask to “Plant tomatoes”' }).fill('Dig the bed');
  await page.getByRole('textbox', { name: 'Add a subtask to “Plant tomatoes”' }).press('Enter');
  await expect(row(page, 'Dig the bed, subtask level 2')).toBeVisible();
  await page.getByRole('textbox', { name: 'Add a subtask to “Plant tomatoes”' }).press('Escape');

  // Folding: the subtask hides and comes back.
  await row(page, 'Plant tomatoes')
    .getByRole('button', { name: 'Hide the subtasks of “Plant tomatoes”' })
    .click();
  await expect(page.getByTestId('project-task').filter({ hasText: 'Dig the bed' })).toHaveCount(0);
  await row(page, 'Plant tomatoes')
    .getByRole('button', { name: 'Show the subtasks of “Plant tomatoes”' })
    .click();
  await expect(row(page, 'Dig the bed, subtask level 2')).toBeVisible();

  await page.reload();
  expect(await titles(page)).toEqual(['Buy seeds', 'Plant tomatoes', 'Dig the bed']);
  // Indented under its parent, in the server's HTML too (the CSP drops style attributes there).
  const xOf = async (name: string) =>
    (await page.getByRole('button', { name: `Drag “${name}”` }).boundingBox())!.x;
  expect(await xOf('Dig the bed')).toBeGreaterThan((await xOf('Plant tomatoes')) + 16);
  const link = sidebar(page).getByRole('link', { name: /^Garden/ });
  await expect(link).toHaveAccessibleName('Garden (3 open)');
  await expectAxeClean(page, 'project page');
  await sidebar(page).getByRole('button', { name: 'Edit project Garden' }).click();
  await expectAxeClean(page, 'project dialog');
});

test('Tab indents a focused task under the one above and Shift+Tab takes it out', async ({ page }) => {
  await signedIn(page, 'indent');
  await createProject(page, 'Chores');
  for (const title of ['Laundry', 'Wash', 'Dry']) await addTask(page, 'Chores', title);
  await row(page, 'Wash').focus();
  await page.keyboard.press('Tab');
  await expect(row(page, 'Wash, subtask level 2')).toBeVisible();
  await expect(row(page, 'Wash, subtask level 2')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Dry')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(row(page, 'Dry, subtask level 2')).toBeVisible();
  await page.reload();
  await expect(row(page, 'Laundry, 2 subtasks')).toBeVisible();
  expect(await titles(page)).toEqual(['Laundry', 'Wash', 'Dry']);
  await row(page, 'Dry, subtask level 2').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(row(page, 'Dry')).toBeVisible();
  await page.reload();
  await expect(row(page, 'Laundry, 1 subtask')).toBeVisible();
  await expect(row(page, 'Dry')).toBeVisible();
});

test('dragging reorders tasks, and the order survives a reload', async ({ page }) => {
  await signedIn(page, 'drag');
  await createProject(page, 'Errands');
  for (const title of ['First', 'Second', 'Third']) await addTask(page, 'Errands', title);
  const handle = page.getByRole('button', { name: 'Drag “Third”' });
  const target = row(page, 'First');
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 4 });
  await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => titles(page)).toEqual(['Third', 'First', 'Second']);
  await page.reload();
  await expect.poll(() => titles(page)).toEqual(['Third', 'First', 'Second']);
});

test('dragging a task onto another section’s heading moves it there, with its subtask', async ({ page }) => {
  await signedIn(page, 'drag-section');
  await createProject(page, 'Moves');
  for (const name of ['Doing', 'Done soon']) {
    await page.getByRole('textbox', { name: 'New section name' }).fill(name);
    await page.getByRole('button', { name: 'Add section' }).click();
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(name) })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Add a task to section “Doing”' }).click();
  const field = page.getByRole('textbox', { name: 'Add a task to section “Doing”' });
  await field.fill('Paint fence');
  await field.press('Enter');
  await expect(row(page, 'Paint fence')).toBeVisible();
  await field.press('Escape');
  await row(page, 'Paint fence').getByRole('button', { name: 'Add a subtask to “Paint fence”' }).click();
  const sub = page.getByRole('textbox', { name: 'Add a subtask to “Paint fence”' });
  await sub.fill('Buy paint');
  await sub.press('Enter');
  await expect(row(page, 'Buy paint, subtask level 2')).toBeVisible();
  await sub.press('Escape');

  const handle = page.getByRole('button', { name: 'Drag “Paint fence”' });
  const heading = page.getByTestId('project-section').filter({ hasText: 'Done soon' });
  const from = (await handle.boundingBox())!;
  const to = (await heading.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 10, { steps: 4 });
  await page.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByRole('heading', { level: 2, name: 'Done soon 2' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Doing 0' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Done soon 2' })).toBeVisible();
  await expect(row(page, 'Buy paint, subtask level 2')).toBeVisible();
});

test('the keyboard-only Move… dialog moves a task with its subtasks to another project', async ({ page }) => {
  await signedIn(page, 'move');
  await createProject(page, 'Home');
  await createProject(page, 'Office');
  await addTask(page, 'Office', 'Tax return');
  await row(page, 'Tax return').getByRole('button', { name: 'Add a subtask to “Tax return”' }).click();
  const sub = page.getByRole('textbox', { name: 'Add a subtask to “Tax return”' });
  await sub.fill('Find receipts');
  await sub.press('Enter');
  await expect(row(page, 'Find receipts, subtask level 2')).toBeVisible();
  await sub.press('Escape');

  // Keyboard only: focus the row, → to its buttons until Move…, Enter, choose, submit.
  await row(page, 'Tax return').focus();
  const move = page.getByRole('button', { name: 'Move “Tax return”…' });
  for (let i = 0; i < 8 && !(await move.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('ArrowRight');
  }
  await expect(move).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Move “Tax return”' });
  await expect(dialog.getByLabel('Project')).toBeFocused();
  await dialog.getByLabel('Project').selectOption({ label: 'Home' });
  await dialog.getByRole('button', { name: 'Move' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('project-task')).toHaveCount(0);

  await sidebar(page).getByRole('link', { name: /^Home/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(row(page, 'Tax return, 1 subtask')).toBeVisible();
  await expect(row(page, 'Find receipts, subtask level 2')).toBeVisible();
});

test('a project is renamed, recoloured, reordered and deleted with Undo from the sidebar', async ({
  page,
}) => {
  await signedIn(page, 'sidebar');
  await createProject(page, 'Alpha');
  await createProject(page, 'Beta');
  const names = () => sidebar(page).getByTestId('project-list').getByRole('link').allInnerTexts();
  await expect.poll(names).toEqual(['Alpha', 'Beta']);

  await sidebar(page).getByRole('button', { name: 'Edit project Beta' }).click();
  let dialog = page.getByRole('dialog', { name: 'Edit project Beta' });
  await dialog.getByRole('button', { name: 'Move up' }).click();
  await expect.poll(names).toEqual(['Beta', 'Alpha']);
  await dialog.getByLabel('Name').fill('Bravo');
  await dialog.getByRole('radio', { name: 'teal' }).check({ force: true });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(sidebar(page).getByRole('button', { name: 'Edit project Bravo' })).toBeFocused();
  await page.reload();
  await expect.poll(names).toEqual(['Bravo', 'Alpha']);

  await sidebar(page).getByRole('button', { name: 'Edit project Alpha' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit project Alpha' });
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect.poll(names).toEqual(['Bravo']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(names).toEqual(['Bravo', 'Alpha']);
});

test('quick add files a task with +Project and /Section; the shortcuts dialog says how', async ({ page }) => {
  await signedIn(page, 'qa-place');
  await createProject(page, 'Home office');
  await page.getByRole('textbox', { name: 'New section name' }).fill('Next week');
  await page.getByRole('button', { name: 'Add section' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Next week/ })).toBeVisible();

  await page.goto('/tasks');
  const field = page.getByRole('textbox', { name: 'New task' });
  await field.fill('Order a chair +home-office /next-week !high');
  await expect(page.locator('[data-testid="quick-add-token"][data-kind="project"]')).toHaveText(
    '+home-office',
  );
  await expect(page.locator('[data-testid="quick-add-token"][data-kind="section"]')).toHaveText('/next-week');
  await field.press('Enter');
  await expect(field).toHaveValue('');
  await field.fill('Nowhere +Garden');
  await field.press('Enter');
  await expect(page.getByText('No project is called “Garden”.')).toBeVisible();
  await expect(field).toHaveValue('Nowhere +Garden');

  await sidebar(page)
    .getByRole('link', { name: /^Home office/ })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: /Next week 1/ })).toBeVisible();
  await expect(row(page, 'Order a chair')).toBeVisible();

  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByText('+Project')).toBeVisible();
  await expect(help.getByText('/Section')).toBeVisible();
});

test('a project’s tasks due today and this week show in Today and Upcoming', async ({ page }) => {
  await signedIn(page, 'views');
  await createProject(page, 'Trips');
  const projectId = page.url().split('/projects/')[1]!;
  const origin = new URL(page.url()).origin;
  const [today, inThree, inTen] = await page.evaluate(() =>
    [0, 3, 10].map((d) => {
      const now = new Date();
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + d, 12).toISOString();
    }),
  );
  for (const [title, dueAt] of [
    ['Pack bags', today],
    ['Board the train', inThree],
    ['Come home', inTen],
  ]) {
    const res = await page.request.post('/api/v1/tasks', {
      headers: { Origin: origin },
      data: { title, dueAt, projectId },
    });
    expect(res.status()).toBe(201);
  }
  await sidebar(page).getByRole('link', { name: 'Today' }).click();
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row').filter({ hasText: 'Pack bags' })).toBeVisible();
  await sidebar(page).getByRole('link', { name: 'Upcoming' }).click();
  await expect(page.getByTestId('task-row')).toHaveCount(2);
  await expect(page.getByTestId('task-row').filter({ hasText: 'Board the train' })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('projects live in the drawer; the project page shows its tasks first and is axe clean', async ({
    page,
  }) => {
    await signedIn(page, 'phone-proj');
    await page.getByRole('button', { name: 'Menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.getByRole('button', { name: 'Add project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('Phone list');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Phone list' })).toBeVisible();
    if (await drawer.isVisible()) await drawer.getByRole('button', { name: 'Close menu' }).click();
    await addTask(page, 'Phone list', 'A task with a fairly long title to see it fit');
    const title = row(page, 'A task with a fairly long title to see it fit').getByTestId('task-title');
    expect((await title.boundingBox())!.width).toBeGreaterThan(80);
    await expectAxeClean(page, 'project page on a phone');
  });
});
