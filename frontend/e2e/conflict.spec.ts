import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

test('saving over someone else’s change says so and shows the fresh version', async ({ page, baseURL }) => {
  await new AuthPage(page).signUp(newPerson('conflict'));
  const board = new BoardPage(page);
  await board.add('Plan the trip');
  await board.open('Plan the trip');
  const id = await board.row('Plan the trip').getAttribute('data-task-id');

  // The person starts editing…
  await board.detail.getByLabel('Title').fill('Plan the trip to Lisbon');
  // …while another device changes the same task (same session, straight through the API gateway).
  const other = await page.request.patch(`/api/v1/tasks/${id}`, {
    data: { description: 'Booked the train already' },
    headers: { Origin: new URL(baseURL!).origin, 'If-Match': '1' },
  });
  expect(other.status()).toBe(200);
  await page.waitForTimeout(500); // let the live event arrive; the dirty form must not be overwritten

  await board.detail.getByRole('button', { name: 'Save changes' }).click();
  await expect(board.detail.getByTestId('conflict-message')).toContainText('Someone else changed this task');
  await expect(board.toast(/Someone else changed/)).toBeVisible();
  await expect(board.detail.getByLabel('Notes')).toHaveValue('Booked the train already');
  await expect(board.detail.getByLabel('Title')).toHaveValue('Plan the trip');
});
