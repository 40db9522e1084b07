import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

test('an autosave over someone else’s change says so and shows both versions; mine can be put back', async ({
  page,
  baseURL,
}) => {
  await new AuthPage(page).signUp(newPerson('conflict'));
  const board = new BoardPage(page);
  await board.add('Plan the trip');
  await board.open('Plan the trip');
  const id = await board.row('Plan the trip').getAttribute('data-task-id');

  // Another device changes the same task just as this panel's autosave leaves the browser (same session,
  // straight through the API gateway), so the autosave carries a stale If-Match.
  let other = 0;
  await page.route(`**/api/v1/tasks/${id}`, async (route) => {
    if (route.request().method() === 'PATCH' && other++ === 0) {
      const res = await page.request.patch(`/api/v1/tasks/${id}`, {
        data: { description: 'Booked the train already' },
        headers: { Origin: new URL(baseURL!).origin, 'If-Match': '1' },
      });
      expect(res.status()).toBe(200);
    }
    await route.continue();
  });

  await board.detail.getByLabel('Title').fill('Plan the trip to Lisbon');
  await expect(board.detail.getByTestId('conflict-message')).toContainText('Someone else changed this task');
  await expect(board.toast(/Someone else changed/)).toBeVisible();
  await expect(board.detail.getByRole('status')).toHaveText(/Not saved/);
  // Theirs in the form, mine beside it.
  await expect(board.detail.getByLabel('Notes')).toHaveValue('Booked the train already');
  await expect(board.detail.getByLabel('Title')).toHaveValue('Plan the trip');
  await expect(board.detail.getByTestId('conflict-mine')).toContainText('Plan the trip to Lisbon');

  await board.detail.getByRole('button', { name: 'Use my version' }).click();
  await expect(board.detail.getByRole('status')).toHaveText('Saved');
  await expect(board.detail.getByTestId('conflict-message')).toHaveCount(0);
  const saved = await (await page.request.get(`/api/v1/tasks/${id}`)).json();
  expect(saved).toMatchObject({ title: 'Plan the trip to Lisbon', description: 'Booked the train already' });
});
