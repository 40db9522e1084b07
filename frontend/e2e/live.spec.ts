import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

test('a second browser of the same person sees changes live', async ({ browser }) => {
  const first = await browser.newContext();
  const page1 = await first.newPage();
  await new AuthPage(page1).signUp(newPerson('live'));
  const board1 = new BoardPage(page1);
  await board1.goto();

  const second = await browser.newContext({ storageState: await first.storageState() });
  const page2 = await second.newPage();
  const board2 = new BoardPage(page2);
  await board2.goto();
  await expect(page2.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  await expect(page1.getByTestId('live-status')).toHaveAttribute('data-status', 'live');

  const started = Date.now();
  await board1.add('Appears elsewhere');
  await expect(board2.row('Appears elsewhere')).toBeVisible({ timeout: 2000 });
  const createdMs = Date.now() - started;

  await board1.toggle('Appears elsewhere');
  await expect(board2.row('Appears elsewhere')).toHaveCount(0, { timeout: 2000 });

  await board2.status('All');
  await board1.status('All');
  await board1
    .row('Appears elsewhere')
    .getByRole('button', { name: /to trash/ })
    .click();
  await expect(board2.row('Appears elsewhere')).toHaveCount(0, { timeout: 2000 });
  test.info().annotations.push({ type: 'live-latency-ms', description: String(createdMs) });
  await first.close();
  await second.close();
});
