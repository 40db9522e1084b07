import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

test('keyboard only: n, /, j/k, x, e, Enter, Delete, ?', async ({ page }) => {
  await new AuthPage(page).signUp(newPerson('keys'));
  const board = new BoardPage(page);
  // Shortcuts work once the board is hydrated (the live badge is set by an effect).
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  await page.locator('body').click({ position: { x: 5, y: 300 } });

  await page.keyboard.press('n');
  await expect(board.quickAdd).toBeFocused();
  for (const t of ['Alpha task', 'Bravo task', 'Charlie task']) {
    await page.keyboard.type(t);
    await page.keyboard.press('Enter');
  }
  await expect(board.rows).toHaveCount(3);
  // Rows being saved are replaced by the saved ones (new ids); select once all three are saved.
  await expect(page.locator('[data-testid="task-row"][aria-busy="true"]')).toHaveCount(0);
  // Esc in quick add returns to the list (its first row when none was selected).
  await page.keyboard.press('Escape');
  await expect(board.rows.nth(0)).toBeFocused();

  // Newest first at equal due/priority: Charlie, Bravo, Alpha.
  await expect(board.rows.nth(0)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('j');
  await expect(board.rows.nth(1)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('k');
  await expect(board.rows.nth(0)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(board.rows.nth(1)).toBeFocused();

  await page.keyboard.press('e');
  const inline = page.getByLabel('Task title');
  await expect(inline).toBeFocused();
  await inline.fill('Bravo renamed');
  await inline.press('Enter');
  await expect(board.row('Bravo renamed')).toBeVisible();

  await board.row('Bravo renamed').focus();
  await page.keyboard.press('x');
  await expect(board.row('Bravo renamed')).toHaveCount(0);

  await board.rows.first().focus();
  await page.keyboard.press('Enter');
  await expect(board.detail).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(board.detail).toBeHidden();

  await board.rows.first().focus();
  await page.keyboard.press('Delete');
  await expect(board.rows).toHaveCount(1);
  await expect(board.toast(/to the trash/)).toBeVisible();

  await page.keyboard.press('/');
  await expect(board.search).toBeFocused();
  await page.keyboard.press('Escape');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
});
