import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

// Issue #15 item 9: the task detail on a phone is a modal sheet that Back closes.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function boardWith(page: Page, titles: string[]) {
  await new AuthPage(page).signUp(newPerson('sheet'));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  for (const t of titles) await board.add(t);
  await expect(page.locator('[data-testid="task-row"][aria-busy="true"]')).toHaveCount(0);
  return board;
}

async function tapOpen(board: BoardPage, title: string) {
  await board
    .row(title)
    .getByRole('button', { name: new RegExp(`^${title}`) })
    .tap();
  await expect(board.detail).toBeVisible();
}

test('Back closes the sheet and stays on the board', async ({ page }) => {
  const board = await boardWith(page, ['Water the plants']);
  await page.getByRole('link', { name: 'Trash' }).tap();
  await expect(page).toHaveURL(/\/trash$/);
  await page.getByRole('link', { name: 'Tasks' }).tap();
  await expect(board.rows).toHaveCount(1);

  await tapOpen(board, 'Water the plants');
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]+$/);
  await page.goBack();
  await expect(board.detail).toBeHidden();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(board.row('Water the plants')).toBeVisible();
  // Forward opens it again; closing with ✕ then Back leaves the board as usual (no extra entry left).
  await page.goForward();
  await expect(board.detail).toBeVisible();
  await board.detail.getByRole('button', { name: 'Close details' }).tap();
  await expect(board.detail).toBeHidden();
  await expect(page).toHaveURL(/\/tasks$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/trash$/);
});

test('the sheet is modal: Shift+Tab never reaches what is behind it', async ({ page }) => {
  const board = await boardWith(page, ['Call the bank', 'Book a table']);
  await tapOpen(board, 'Book a table');
  await expect(board.detail).toHaveAttribute('aria-modal', 'true');
  await board.detail.getByRole('button', { name: 'Close details' }).focus();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Shift+Tab');
    const outside = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const sheet = document.querySelector('[data-testid="task-detail"]');
      return sheet?.contains(el) || el.closest('[aria-label="Notifications"]')
        ? null
        : el.outerHTML.slice(0, 120);
    });
    expect(outside).toBeNull();
  }
  await expect(page.getByRole('banner')).toHaveAttribute('inert', '');
  await board.detail.getByRole('button', { name: 'Close details' }).tap();
  await expect(page.getByRole('banner')).not.toHaveAttribute('inert', '');
});

test('axe finds nothing serious with the sheet open, light and dark', async ({ page }) => {
  // Two axe runs on a phone-sized page: slow on a loaded machine.
  test.slow();
  const board = await boardWith(page, ['Book a table']);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await tapOpen(board, 'Book a table');
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await board.detail.getByRole('button', { name: 'Close details' }).tap();
  }
});

test('toasts never cover the sheet’s buttons', async ({ page }) => {
  const board = await boardWith(page, ['Pay the rent', 'Fix the bike', 'Post the letter']);
  await board
    .row('Fix the bike')
    .getByRole('button', { name: /to trash/ })
    .tap();
  await expect(board.toast(/to the trash/)).toBeVisible();
  await tapOpen(board, 'Pay the rent');
  await expect(board.toast(/to the trash/)).toBeVisible();
  // Scrolled to the end, the sheet's last buttons sit above the toasts.
  await board.detail.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const overlaps = await page.evaluate(() => {
    const toasts = [...document.querySelectorAll('[data-testid="toast"]')].map((t) =>
      t.getBoundingClientRect(),
    );
    const buttons = [...document.querySelectorAll('[data-testid="task-detail"] button')].map((b) => ({
      name: b.getAttribute('aria-label') ?? b.textContent,
      r: b.getBoundingClientRect(),
    }));
    return buttons
      .filter(({ r }) => r.bottom > 0 && r.top < innerHeight)
      .filter(({ r }) =>
        toasts.some((t) => r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom),
      )
      .map((b) => b.name);
  });
  expect(overlaps).toEqual([]);
  await expect(board.detail.getByRole('button', { name: 'Done' })).toBeInViewport();
});

test('opening the sheet on a touch screen does not focus a text field (no keyboard pops up)', async ({
  page,
}) => {
  const board = await boardWith(page, ['Renew the passport']);
  await tapOpen(board, 'Renew the passport');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          inSheet: Boolean(el && document.querySelector('[data-testid="task-detail"]')?.contains(el)),
          textField: Boolean(el && (el.matches('input, textarea, select') || el.isContentEditable)),
        };
      }),
    )
    .toEqual({ inSheet: true, textField: false });
});
