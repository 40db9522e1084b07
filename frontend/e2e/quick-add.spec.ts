import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

// The browser's zone is the person's: the words are read there (and the expectations below computed there).
const timeZone = 'Europe/Berlin';
test.use({ timezoneId: timeZone, locale: 'en-GB' });

/** Tomorrow's date in the zone, as a datetime-local value at 09:00. */
function tomorrowAtNine(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date()); // YYYY-MM-DD
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return `${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)}T09:00`;
}

test('quick add highlights dates, repeats, tags and priority, previews them, and Backspace undoes a token', async ({
  page,
}) => {
  await new AuthPage(page).signUp(newPerson('quick'));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');

  await board.quickAdd.pressSequentially('Pay rent every month #home !high tomorrow 9am');
  const tokens = page.getByTestId('quick-add-token');
  await expect(tokens).toHaveText(['every month', '#home', '!high', 'tomorrow 9am']);
  await expect(tokens.nth(0)).toHaveAttribute('data-kind', 'repeat');
  await expect(tokens.nth(3)).toHaveAttribute('data-kind', 'due');
  const preview = page.getByTestId('quick-add-preview');
  await expect(preview).toHaveText('Due tomorrow 09:00 · Repeats monthly');
  await expect(board.quickAdd).toHaveAttribute('aria-describedby', /quick-add-preview/);

  // Backspace right after a token turns it back into words (nothing deleted); the next one deletes as usual.
  await board.quickAdd.press('Backspace');
  await expect(board.quickAdd).toHaveValue('Pay rent every month #home !high tomorrow 9am');
  await expect(tokens).toHaveText(['every month', '#home', '!high']);
  await expect(preview).toContainText('Repeats monthly');
  await board.quickAdd.press('Backspace');
  await expect(board.quickAdd).toHaveValue('Pay rent every month #home !high tomorrow 9a');
  // Emptied and typed again, every token is recognised anew.
  await board.quickAdd.fill('');
  await board.quickAdd.pressSequentially('Pay rent every month #home !high tomorrow 9am');
  await expect(tokens).toHaveText(['every month', '#home', '!high', 'tomorrow 9am']);

  await board.quickAdd.press('Enter');
  await expect(board.quickAdd).toHaveValue('');
  await expect(preview).toHaveCount(0);
  const row = board.row('Pay rent');
  await expect(row.getByRole('button', { name: /^Pay rent/ })).toHaveText('Pay rent');
  await expect(row).toContainText('#home');
  await expect(row).toContainText('High priority');
  await expect(row).toContainText('Repeats monthly');
  await expect(row).toContainText(/Due Tomorrow 09:00/i);
  await board.open('Pay rent');
  await expect(board.detail.getByLabel('Due', { exact: true })).toHaveValue(tomorrowAtNine());
});
