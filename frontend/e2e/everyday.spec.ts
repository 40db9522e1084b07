import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

async function signedInBoard(page: Page, tag: string) {
  await new AuthPage(page).signUp(newPerson(tag));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  return board;
}

async function addAll(board: BoardPage, titles: string[]) {
  for (const t of titles) await board.add(t);
  await expect(board.rows).toHaveCount(titles.length);
  await expect(board.page.locator('[data-testid="task-row"][aria-busy="true"]')).toHaveCount(0);
}

test.describe('nothing typed is lost', () => {
  test('a long quick add keeps its tokens, counts near the limit and is refused, never cut', async ({
    page,
  }) => {
    const board = await signedInBoard(page, 'long');
    const tooLong = `${'Plan the offsite '.repeat(14).padEnd(251, 'x')} #work !high`;
    expect(tooLong).toHaveLength(263);
    await board.quickAdd.fill(tooLong);
    await expect(board.quickAdd).toHaveValue(tooLong);
    await expect(page.getByTestId('quick-add-count')).toContainText('251/200');
    await board.quickAdd.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'up to 200 characters' })).toBeVisible();
    await expect(board.quickAdd).toHaveValue(tooLong);
    await expect(board.quickAdd).toHaveAttribute('aria-invalid', 'true');
    await expect(board.rows).toHaveCount(0);

    // Over 200 characters typed, but the title without its tokens fits: added whole, with tag and priority.
    const title = 'Book the venue '.repeat(13).trim().padEnd(195, 'y');
    await board.quickAdd.fill(`${title} #work !high`);
    await expect(page.getByTestId('quick-add-count')).toContainText('195/200');
    await board.quickAdd.press('Enter');
    await expect(board.quickAdd).toHaveValue('');
    const row = board.rows.first();
    await expect(row.getByRole('button', { name: new RegExp(`^${title}`) })).toHaveText(title);
    await expect(row).toContainText('#work');
    await expect(row).toContainText('High priority');
  });

  test('inline rename refuses a too-long paste instead of cutting it; the detail title grows', async ({
    page,
  }) => {
    const board = await signedInBoard(page, 'rename');
    await addAll(board, ['Short title']);
    const pasted = 'Pasted text '.repeat(21);
    await board.row('Short title').getByRole('button', { name: 'Rename “Short title”' }).click();
    const inline = board.rows.first().getByLabel('Task title');
    await inline.fill(pasted);
    await expect(inline).toHaveValue(pasted);
    await inline.press('Enter');
    await expect(board.rows.first().getByRole('alert')).toContainText('up to 200 characters');
    await expect(inline).toHaveValue(pasted);
    await inline.press('Escape');
    await expect(board.row('Short title')).toBeVisible();

    await board.open('Short title');
    const title = board.detail.getByLabel('Title');
    const oneLine = (await title.boundingBox())!.height;
    const long = 'A title long enough to wrap over several lines in the panel '.repeat(3).trim();
    await title.fill(long);
    await expect(title).toHaveValue(long);
    await expect.poll(async () => (await title.boundingBox())!.height).toBeGreaterThan(oneLine * 2);
    // All of it is shown: nothing scrolls out of sight inside the field.
    expect(await title.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    await title.press('Enter');
    await expect(board.detail).toBeHidden();
    await expect(board.row(long)).toBeVisible();
  });
});

test.describe('completing is visible and can be undone', () => {
  test('the row stays ticked for a moment, focus moves on, and Undo reopens it', async ({ page }) => {
    const board = await signedInBoard(page, 'complete');
    // Newest first: Charlie, Bravo, Alpha.
    await addAll(board, ['Alpha', 'Bravo', 'Charlie']);

    await board.toggle('Bravo');
    const bravo = board.row('Bravo');
    await expect(bravo.getByRole('checkbox')).toBeChecked();
    await expect(board.toast('Completed “Bravo”')).toBeVisible();
    await expect(board.row('Alpha')).toBeFocused();
    await page.waitForTimeout(700);
    await expect(bravo).toBeVisible();
    await expect(bravo).toHaveCount(0, { timeout: 3000 });

    await board.toast('Completed “Bravo”').getByRole('button', { name: 'Undo' }).click();
    await expect(board.row('Bravo').getByRole('checkbox')).not.toBeChecked();
    await expect(board.rows).toHaveCount(3);
    await expect(board.row('Bravo')).toBeFocused();

    // The last row: focus goes to the one before it.
    await board.row('Alpha').focus();
    await page.keyboard.press('x');
    await expect(board.row('Bravo')).toBeFocused();
    await expect(board.row('Alpha')).toHaveCount(0, { timeout: 3000 });
  });

  test('Ctrl+Z undoes the last completion, then a delete', async ({ page }) => {
    const board = await signedInBoard(page, 'undo');
    await addAll(board, ['Alpha', 'Bravo']);

    await board.row('Alpha').focus();
    await page.keyboard.press('x');
    await expect(board.toast('Completed “Alpha”')).toBeVisible();
    await expect(board.row('Alpha')).toHaveCount(0, { timeout: 3000 });
    await page.keyboard.press('Control+z');
    await expect(board.row('Alpha').getByRole('checkbox')).not.toBeChecked();
    await expect(board.toast('Completed “Alpha”')).toHaveCount(0);

    await board.row('Bravo').focus();
    await page.keyboard.press('Delete');
    await expect(board.row('Bravo')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(board.row('Bravo')).toBeFocused();
    await expect(board.rows).toHaveCount(2);
  });
});
