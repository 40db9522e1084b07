import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';
import { TrashPage } from './pages/trash-page';

test('sign up → add → edit details → complete recurring → filter/search → trash → undo → restore → sign out → sign in', async ({
  page,
}) => {
  const auth = new AuthPage(page);
  const board = new BoardPage(page);
  const person = await auth.signUp(newPerson('journey'));
  await expect(page.getByTestId('empty-state')).toContainText('A clear list');

  // Quick add keeps focus for the next task.
  await board.add('Water the plants #home');
  await expect(board.quickAdd).toBeFocused();
  await board.add('Send invoice !high');
  await board.add('Read a chapter');
  await expect(board.rows).toHaveCount(3);
  await expect(board.row('Water the plants')).toContainText('#home');

  // Inline title edit.
  await board.row('Read a chapter').getByRole('button', { name: 'Rename “Read a chapter”' }).click();
  const inline = board.row('Read a chapter').getByLabel('Task title');
  await inline.fill('Read two chapters');
  await inline.press('Enter');
  await expect(board.row('Read two chapters')).toBeVisible();

  // Detail panel: notes, priority, tags with suggestions, due date, reminder, weekly recurrence. Each change is
  // saved as it is made; Done closes the panel once the last one is saved.
  await board.open('Water the plants');
  await board.detail.getByLabel('Notes').fill('Ferns need the most.');
  await board.detail.getByRole('radio', { name: 'High' }).check({ force: true });
  await board.detail.getByLabel('Tags', { exact: true }).fill('gar');
  await board.detail.getByLabel('Tags', { exact: true }).press('Enter');
  await board.detail.getByLabel('Due').fill('2030-05-06T09:30');
  await board.detail.getByLabel('Remind me').fill('2030-05-06T09:00');
  await board.detail.getByLabel('Repeat').selectOption('weekly');
  await expect(board.detail.getByRole('status')).toHaveText('Saved');
  await board.detail.getByRole('button', { name: 'Done' }).click();
  await expect(board.detail).toBeHidden();
  const row = board.row('Water the plants');
  await expect(row).toContainText('Repeats weekly');
  await expect(row).toContainText('#gar');
  await expect(row).toContainText('High priority');

  // Completing a recurring task brings its next occurrence.
  await board.toggle('Water the plants');
  await board.status('All');
  await expect(board.rows.filter({ hasText: 'Water the plants' })).toHaveCount(2);
  await expect(
    board.rows.filter({ hasText: 'Water the plants' }).filter({ hasText: /13 May|May 13/ }),
  ).toHaveCount(1);

  // Filters and search.
  await board.status('Done');
  await expect(board.rows).toHaveCount(1);
  await board.status('Active');
  await page.getByLabel('Priority').selectOption('high');
  await expect(board.rows).toHaveCount(2);
  await page.getByLabel('Priority').selectOption('');
  await board.search.fill('invoice');
  await expect(board.rows).toHaveCount(1);
  await board.search.fill('');
  await page.getByLabel('Tag').selectOption('home');
  await expect(board.rows).toHaveCount(1);
  await page.getByLabel('Tag').selectOption('');

  // Trash with undo, then trash again and restore from the Trash view.
  await board.row('Send invoice').getByRole('button', { name: 'Move “Send invoice” to trash' }).click();
  await expect(board.row('Send invoice')).toHaveCount(0);
  await board.toast('Moved “Send invoice” to the trash').getByRole('button', { name: 'Undo' }).click();
  await expect(board.row('Send invoice')).toBeVisible();
  await board.row('Send invoice').getByRole('button', { name: 'Move “Send invoice” to trash' }).click();
  await expect(board.row('Send invoice')).toHaveCount(0);
  const trash = new TrashPage(page);
  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(trash.row('Send invoice')).toBeVisible();
  await trash.restore('Send invoice');
  await expect(trash.row('Send invoice')).toHaveCount(0);
  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(board.row('Send invoice')).toBeVisible();

  // Data persists across sessions.
  await auth.signOut();
  await expect(page.getByText('You are signed out')).toBeVisible();
  await auth.signIn(person);
  await expect(page).toHaveURL(/\/tasks/);
  await expect(board.row('Send invoice')).toBeVisible();
  await expect(board.row('Read two chapters')).toBeVisible();
});

test('an expired session returns to sign-in with a message, then back to where the person was', async ({
  page,
  context,
}) => {
  const auth = new AuthPage(page);
  const person = await auth.signUp(newPerson('expired'));
  await page.goto('/trash');
  // Leave the app first: an open page notices the cookies change (its live stream is refused) and redirects to
  // sign-in by itself, which aborted the navigation below now and then.
  await page.goto('about:blank');
  // Simulate expiry: the access token is gone and the refresh token no longer works.
  const cookies = await context.cookies();
  await context.clearCookies();
  await context.addCookies(
    cookies.filter((c) => c.name.endsWith('_rt')).map((c) => ({ ...c, value: 'spent-or-revoked-token' })),
  );
  await page.goto('/trash');
  await expect(page).toHaveURL(/\/login\?.*next=%2Ftrash/);
  await expect(page.getByText('Your session has expired')).toBeVisible();
  await auth.signIn(person, '');
  await expect(page).toHaveURL(/\/trash$/);
});

test('tokens never reach JavaScript; the auth API is not exposed through the web origin', async ({
  page,
}) => {
  await new AuthPage(page).signUp(newPerson('cookies'));
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const cookies = await page.context().cookies();
  expect(
    cookies.filter((c) => /_(at|rt)$/.test(c.name)).every((c) => c.httpOnly && c.sameSite === 'Lax'),
  ).toBe(true);
  const res = await page.request.post('/api/v1/auth/refresh', { data: { refreshToken: 'x' } });
  expect(res.status()).toBe(404);
  const cross = await page.request.post('/api/v1/tasks', {
    data: { title: 'csrf' },
    headers: { Origin: 'https://evil.example' },
  });
  expect(cross.status()).toBe(403);
});

test('another person sees none of my tasks', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pa = await a.newPage();
  const pb = await b.newPage();
  await new AuthPage(pa).signUp(newPerson('alice'));
  await new BoardPage(pa).add('Alice private plan');
  await new AuthPage(pb).signUp(newPerson('bob'));
  await expect(pb.getByTestId('empty-state')).toBeVisible();
  await expect(pb.getByText('Alice private plan')).toHaveCount(0);
  await a.close();
  await b.close();
});
