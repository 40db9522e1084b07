import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

// Issue #15 item 8: shortcuts that can be turned off, Esc back to the list, n and ? everywhere, focus
// returned by dialogs, a command palette, one Tab stop for the list, toasts reachable by a key.

async function boardWith(page: Page, titles: string[]) {
  await new AuthPage(page).signUp(newPerson('keys'));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  for (const t of titles) await board.add(t);
  await expect(board.rows).toHaveCount(titles.length);
  await expect(page.locator('[data-testid="task-row"][aria-busy="true"]')).toHaveCount(0);
  return board;
}

const focusedTestId = (page: Page) =>
  page.evaluate(
    () =>
      (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-testid]')?.dataset.testid,
  );

test('single-key shortcuts can be turned off in Settings; modifier shortcuts keep working', async ({
  page,
}) => {
  const board = await boardWith(page, ['Alpha', 'Bravo']);
  await page.getByRole('link', { name: 'Settings' }).click();
  const setting = page.getByRole('checkbox', { name: /single-key shortcuts/i });
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /single-key shortcuts/i })).not.toBeChecked();

  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(board.rows).toHaveCount(2);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const key of ['n', '/', '?', 'j']) await page.keyboard.press(key);
  await expect(board.quickAdd).not.toBeFocused();
  await expect(board.search).not.toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(page.locator('[data-testid="task-row"][data-selected]')).toHaveCount(0);
  // Keys that are not characters, and modifier shortcuts, still work.
  await page.keyboard.press('ArrowDown');
  await expect(board.rows.nth(0)).toBeFocused();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
});

test('Esc in quick add and in search returns focus to the list', async ({ page }) => {
  const board = await boardWith(page, ['Alpha', 'Bravo']);
  await board.quickAdd.focus();
  await page.keyboard.press('Escape');
  await expect(board.rows.nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(board.rows.nth(1)).toBeFocused();
  await board.search.focus();
  await page.keyboard.press('Escape');
  await expect(board.rows.nth(1)).toBeFocused();
});

test('n and ? work on the trash and settings pages; n goes to the board’s quick add', async ({ page }) => {
  const board = await boardWith(page, ['Alpha']);
  for (const path of ['/trash', '/settings']) {
    await page.getByRole('link', { name: path === '/trash' ? 'Trash' : 'Settings' }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    await page.keyboard.press('n');
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(board.quickAdd).toBeFocused();
  }
});

test('dialogs give focus back to what opened them', async ({ page }) => {
  const board = await boardWith(page, ['Alpha', 'Bravo']);
  // From a row, by key.
  await board.rows.nth(1).focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(board.rows.nth(1)).toBeFocused();
  // From the help button, closed with its own button.
  const helpButton = page.getByRole('button', { name: /keyboard shortcuts/i }).first();
  await helpButton.click();
  await page.getByRole('button', { name: 'Got it' }).click();
  await expect(helpButton).toBeFocused();
  // The palette, closed with Esc.
  await board.rows.nth(0).focus();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: /command/i })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toHaveCount(0);
  await expect(board.rows.nth(0)).toBeFocused();
});

test('Ctrl+K opens a command palette: a filterable listbox run by arrows and Enter', async ({ page }) => {
  // Ends with two axe runs: slow on a loaded machine.
  test.slow();
  const board = await boardWith(page, ['Alpha']);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const input = palette.getByRole('combobox', { name: /command/i });
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  const listbox = palette.getByRole('listbox');
  await expect(input).toHaveAttribute('aria-controls', (await listbox.getAttribute('id'))!);
  for (const name of [
    'New task',
    'Search tasks',
    'Go to Tasks',
    'Go to Trash',
    'Go to Settings',
    'Show keyboard shortcuts',
  ])
    await expect(listbox.getByRole('option', { name: new RegExp(`^${name}`) })).toBeVisible();

  await input.fill('set');
  await expect(listbox.getByRole('option')).toHaveCount(1);
  await expect(listbox.getByRole('option', { name: /^Go to Settings/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await input.fill('go to');
  await expect(listbox.getByRole('option')).toHaveCount(3);
  await page.keyboard.press('ArrowDown');
  const active = listbox.getByRole('option', { name: /^Go to Trash/ });
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/trash$/);
  await expect(palette).toHaveCount(0);

  // From another page: New task lands in the board's quick add.
  await page.keyboard.press('Meta+k');
  await input.fill('new');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(board.quickAdd).toBeFocused();

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.keyboard.press('Escape');
  }
});

test('the list is one Tab stop; arrows and j/k move between rows, Right arrow reaches a row’s buttons', async ({
  page,
}) => {
  const board = await boardWith(page, ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  const tabbable = await page
    .getByTestId('task-list')
    .evaluate(
      (list) =>
        [...list.querySelectorAll<HTMLElement>('*')].filter(
          (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.offsetParent !== null,
        ).length,
    );
  expect(tabbable).toBe(1);

  await board.quickAdd.focus();
  // Quick add → Add button is disabled when empty → the search and filters come next; Tab until a row.
  let steps = 0;
  while ((await focusedTestId(page)) !== 'task-row' && steps++ < 40) await page.keyboard.press('Tab');
  await expect(board.rows.nth(0)).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await focusedTestId(page)).not.toBe('task-row');

  await board.rows.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(board.rows.nth(1)).toBeFocused();
  await page.keyboard.press('j');
  await expect(board.rows.nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(board.rows.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(board.rows.nth(1).getByRole('checkbox')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(board.rows.nth(2)).toBeFocused();
  // Shift+Tab back into the list lands on the row that was last current.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(board.rows.nth(2)).toBeFocused();
});

test('toasts are a landmark reached with F6; their action runs by key', async ({ page }) => {
  const board = await boardWith(page, ['Alpha', 'Bravo']);
  await board.row('Alpha').focus();
  await page.keyboard.press('Delete');
  await expect(board.toast(/to the trash/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Notifications' })).toBeVisible();
  const before = await focusedTestId(page);
  await page.keyboard.press('F6');
  const undo = board.toast(/to the trash/).getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  // Esc goes back without acting; F6 again comes back, and Enter undoes.
  await page.keyboard.press('Escape');
  expect(await focusedTestId(page)).toBe(before);
  await page.keyboard.press('F6');
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(board.row('Alpha')).toBeVisible();
});
