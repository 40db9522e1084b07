import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { BoardPage } from './pages/board-page';

async function signedInBoard(page: Page, tag: string) {
  const person = await new AuthPage(page).signUp(newPerson(tag));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  return { board, person };
}

async function addAll(board: BoardPage, titles: string[]) {
  for (const t of titles) await board.add(t);
  await expect(board.rows).toHaveCount(titles.length);
  await expect(board.page.locator('[data-testid="task-row"][aria-busy="true"]')).toHaveCount(0);
}

test.describe('signing in', () => {
  test('says how a forgotten password is reset, keeps the typed password after a refusal, focuses the first invalid field', async ({
    page,
  }) => {
    await page.goto('/login');
    await page.getByText('Forgot password?').click();
    await expect(page.getByTestId('forgot-password')).toContainText('reset-password');

    await page.getByLabel('Email').fill(newPerson('nobody').email);
    await page.getByLabel('Password').fill('a password that is wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
    await expect(page.getByLabel('Password')).toHaveValue('a password that is wrong');

    await page.goto('/register');
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Email')).toBeFocused();
    await expect(page.getByLabel('Password')).toHaveValue('correct horse battery staple');
  });
});

test.describe('the board', () => {
  test('counts "1 task matches" and "2 tasks match"; titles follow their own direction', async ({ page }) => {
    const { board } = await signedInBoard(page, 'matches');
    await addAll(board, ['Alpha one', 'Alpha two', 'שלום עולם']);
    await board.search.fill('alpha');
    await expect(page.getByTestId('result-count')).toHaveText('2 tasks match');
    await board.search.fill('alpha two');
    await expect(page.getByTestId('result-count')).toHaveText('1 task matches');
    await board.search.fill('');
    await expect(board.row('שלום עולם').getByRole('button', { name: /^שלום עולם/ })).toHaveAttribute(
      'dir',
      'auto',
    );
  });

  test('toasts never cover the row actions at the end of the list', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const { board } = await signedInBoard(page, 'toasts');
    const titles = Array.from({ length: 14 }, (_, i) => `Row ${String(i + 1).padStart(2, '0')}`);
    await addAll(board, titles);
    for (const t of ['Row 14', 'Row 13', 'Row 12']) {
      await board
        .row(t)
        .getByRole('button', { name: /to trash/ })
        .click();
      await expect(board.toast(`Moved “${t}” to the trash.`)).toBeVisible();
    }
    // The last row's actions, scrolled to as a person would: nothing of the toast stack lies over them.
    const last = board.rows.last();
    await last.hover();
    const rename = last.getByRole('button', { name: /^Rename/ });
    await rename.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await last.hover();
    const covered = await rename.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !(hit && el.contains(hit));
    });
    expect(covered).toBe(false);
  });

  test('an Undo that came too late says it can no longer be undone, without an error', async ({ page }) => {
    const { board } = await signedInBoard(page, 'stale-undo');
    await addAll(board, ['Gone for good']);
    const id = await board.row('Gone for good').getAttribute('data-task-id');
    await board
      .row('Gone for good')
      .getByRole('button', { name: /to trash/ })
      .click();
    const toast = board.toast('Moved “Gone for good” to the trash.');
    await expect(toast).toBeVisible();
    // Meanwhile the task is erased from the trash (another tab, another device).
    expect((await page.request.delete(`/api/v1/trash/${id}`)).status()).toBe(204);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(board.toast('can no longer be undone')).toBeVisible();
    await expect(page.getByTestId('toast').and(page.getByRole('alert'))).toHaveCount(0);
  });

  test('dark mode marks the selected status segment with a clearly visible indicator', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signedInBoard(page, 'dark');
    const selected = page.getByRole('group', { name: 'Status' }).getByRole('button', { pressed: true });
    const contrast = await selected.evaluate((el) => {
      const rgb = (text: string) =>
        [...text.matchAll(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/g)]
          .filter((m) => m[4] === undefined || Number(m[4]) > 0.5)
          .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
      const luminance = ([r, g, b]: number[]) => {
        const c = [r!, g!, b!].map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const group = rgb(getComputedStyle(el.parentElement!).backgroundColor)[0]!;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle === 'none' ? [] : rgb(style.outlineColor);
      const marks = [...rgb(style.backgroundColor), ...rgb(style.boxShadow), ...outline];
      return Math.max(...marks.map((m) => ratio(m, group)));
    });
    // WCAG 1.4.11: a state indicator needs 3:1 against what is next to it.
    expect(contrast).toBeGreaterThanOrEqual(3);
  });

  test('the date fields in the task panel are not clipped at 1440 px', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const { board } = await signedInBoard(page, 'dates');
    await addAll(board, ['Plan the trip']);
    await board.open('Plan the trip');
    for (const label of ['Due', 'Remind me']) {
      const field = board.detail.getByLabel(label, { exact: true });
      await field.fill('2026-12-24T18:30');
      const { scrollWidth, clientWidth, width } = await field.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        width: el.getBoundingClientRect().width,
      }));
      expect(scrollWidth, `${label}: content wider than the field`).toBeLessThanOrEqual(clientWidth);
      expect(width, `${label}: too narrow for a date and time`).toBeGreaterThanOrEqual(220);
    }
  });
});

test('the trash says when each task will be erased, and can be emptied after a confirmation', async ({
  page,
}) => {
  const { board } = await signedInBoard(page, 'empty-trash');
  await addAll(board, ['Old one', 'Old two', 'Keep me']);
  for (const t of ['Old one', 'Old two'])
    await board
      .row(t)
      .getByRole('button', { name: /to trash/ })
      .click();
  await expect(board.rows).toHaveCount(1);
  await page.goto('/trash');
  const rows = page.getByTestId('trash-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('erases-at')).toContainText(/Erased for good in 30 days/);

  await page.getByRole('button', { name: 'Empty trash' }).click();
  await expect(rows).toHaveCount(2); // nothing happens before the confirmation
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Empty trash' }).click();
  await page.getByRole('button', { name: 'Yes, empty the trash' }).click();
  await expect(page.getByText('The trash is empty')).toBeVisible();
  await page.reload();
  await expect(page.getByText('The trash is empty')).toBeVisible();
  await page.goto('/tasks');
  await expect(board.row('Keep me')).toBeVisible();
});
