import { expect, test, type Page } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { expectAxeClean } from './pages/axe';
import { BoardPage } from './pages/board-page';

type NewTask = { title: string; dueAt?: string | null; priority?: 'low' | 'medium' | 'high' };

async function signedIn(page: Page, tag: string) {
  await new AuthPage(page).signUp(newPerson(tag));
  const board = new BoardPage(page);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live');
  return board;
}

/** Creates tasks straight through the API, `concurrency` at a time, in the order given. */
async function seed(page: Page, tasks: NewTask[], concurrency = 40) {
  const origin = new URL(page.url()).origin;
  const ids: string[] = [];
  for (let start = 0; start < tasks.length; start += concurrency) {
    const batch = tasks.slice(start, start + concurrency);
    const created = await Promise.all(
      batch.map(async (data) => {
        const res = await page.request.post('/api/v1/tasks', { headers: { Origin: origin }, data });
        expect(res.status()).toBe(201);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    ids.push(...created);
  }
  return ids;
}

/** An instant `days` from today at `hour` o'clock in the browser's own time zone. */
function localInstant(page: Page, days: number, hour = 12) {
  return page.evaluate(
    ([d, h]) => {
      const now = new Date();
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + d!, h).toISOString();
    },
    [days, hour],
  );
}

const titlesOf = (board: BoardPage) =>
  board.rows.evaluateAll((rows) =>
    rows.map((r) =>
      (r.querySelector('button[aria-label$="Open details"]')?.getAttribute('aria-label') ?? '').replace(
        /(, completed)?\. Open details$/,
        '',
      ),
    ),
  );

test('no silent limit: with 2,100 tasks the board reaches the last one by scrolling', async ({ page }) => {
  test.setTimeout(240_000);
  await signedIn(page, 'many');
  // The first created is due last, so it sorts to the very end and is among the oldest (past any 2,000 newest).
  const count = 2100;
  const base = Date.UTC(2032, 0, 1);
  await seed(
    page,
    Array.from({ length: count }, (_, n) => ({
      title: `Bulk ${String(n).padStart(4, '0')}`,
      dueAt: new Date(base - n * 60_000).toISOString(),
    })),
    50,
  );
  const board = new BoardPage(page);
  await board.goto();
  await expect(board.row('Bulk 2099')).toBeVisible();
  // A virtualised list: far fewer rows in the page than tasks.
  expect(await board.rows.count()).toBeLessThan(400);

  // Arrow keys walk the list past the rows that were in the page at first.
  await board.row('Bulk 2099').focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
  await expect(board.row('Bulk 2059')).toBeFocused();
  await expect(board.row('Bulk 2059')).toBeInViewport();

  const last = board.row('Bulk 0000');
  for (let i = 0; i < 200 && !(await last.isVisible()); i++) {
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(60);
  }
  await expect(last).toBeInViewport();
  await expect(board.rows.last()).toHaveAttribute('data-task-id', (await last.getAttribute('data-task-id'))!);
  await expect(page.getByTestId('result-count')).toHaveText('2,100 tasks');
});

test('sort=priority lists tasks in the order the API gives for sort=priority', async ({ page }) => {
  const board = await signedIn(page, 'priority-sort');
  await seed(
    page,
    (['high', 'low', 'medium', 'low', 'high', 'medium'] as const).map((priority, i) => ({
      title: `Task ${i} ${priority}`,
      priority,
    })),
    1,
  );
  await board.goto('?sort=priority');
  await expect(board.rows).toHaveCount(6);
  const api = await page.request.get('/api/v1/tasks?sort=priority&completed=false&limit=100');
  const expected = ((await api.json()) as { items: { title: string }[] }).items.map((t) => t.title);
  expect(expected[0]).toMatch(/low$/); // the API's ascending order: low first
  expect(await titlesOf(board)).toEqual(expected);
});

test('Today shows open tasks due today or before; Upcoming the next 7 days under day headings', async ({
  page,
}) => {
  const board = await signedIn(page, 'views');
  const [yesterday, today, inThree, inTen] = await Promise.all(
    [-1, 0, 3, 10].map((d) => localInstant(page, d)),
  );
  await seed(page, [
    { title: 'Due yesterday', dueAt: yesterday },
    { title: 'Due today', dueAt: today },
    { title: 'Due in 3 days', dueAt: inThree },
    { title: 'Due in 10 days', dueAt: inTen },
    { title: 'No date' },
  ]);
  const done = await seed(page, [{ title: 'Done today', dueAt: today }]);
  const origin = new URL(page.url()).origin;
  const completed = await page.request.patch(`/api/v1/tasks/${done[0]}`, {
    headers: { Origin: origin, 'If-Match': '1' },
    data: { completed: true },
  });
  expect(completed.status()).toBe(200);

  const nav = page.getByRole('navigation', { name: 'Views' });
  await board.goto();
  await expect(nav.getByRole('link', { name: /^Everything/ })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: /^Today/ }).click();
  await expect(nav.getByRole('link', { name: /^Today/ })).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveURL(/view=today/);
  await expect(board.rows).toHaveCount(2);
  expect(await titlesOf(board)).toEqual(['Due yesterday', 'Due today']);

  await nav.getByRole('link', { name: /^Upcoming/ }).click();
  await expect(nav.getByRole('link', { name: /^Upcoming/ })).toHaveAttribute('aria-current', 'page');
  await expect(board.rows).toHaveCount(2);
  expect(await titlesOf(board)).toEqual(['Due today', 'Due in 3 days']);
  const weekday = await page.evaluate(
    (iso) => new Date(iso).toLocaleDateString('en-GB', { weekday: 'long' }),
    inThree!,
  );
  const list = page.getByTestId('task-list');
  await expect(list.getByRole('heading', { name: /^Today/ })).toBeVisible();
  await expect(list.getByRole('heading', { name: new RegExp(`^${weekday}`) })).toBeVisible();
  await expect(list.getByRole('heading')).toHaveCount(2);

  // A reload keeps the view.
  await page.reload();
  await expect(board.rows).toHaveCount(2);
  await expect(nav.getByRole('link', { name: /^Upcoming/ })).toHaveAttribute('aria-current', 'page');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('the first screen shows tasks, filters fold into one control, the menu is a keyboard drawer', async ({
    page,
  }) => {
    const board = await signedIn(page, 'phone-first');
    await seed(
      page,
      ['Alpha', 'Bravo', 'Charlie'].map((title) => ({ title })),
      1,
    );
    await board.goto();
    await expect(board.rows).toHaveCount(3);
    await expect(board.rows.first()).toBeInViewport({ ratio: 1 });
    await expect(board.rows.nth(2)).toBeInViewport({ ratio: 1 });
    // The controls are folded: no search field, status tabs or selects on the first screen.
    await expect(board.search).toBeHidden();
    await expect(page.getByRole('group', { name: 'Status' })).toBeHidden();
    const filter = page.getByRole('button', { name: /^Filter/ });
    await expect(filter).toBeVisible();
    await filter.click();
    await expect(board.search).toBeVisible();
    await board.search.fill('bra');
    await expect(board.rows).toHaveCount(1);
    await board.search.fill('');

    // The sidebar is a drawer: opened by keyboard, focus kept inside, Esc closes it and focus returns.
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole('link', { name: /^Everything/ })).toHaveAttribute('aria-current', 'page');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();

    // Through the drawer to Today, by keyboard.
    await page.keyboard.press('Enter');
    await expect(drawer).toBeVisible();
    await drawer.getByRole('link', { name: /^Today/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/view=today/);
    await expect(drawer).toBeHidden();
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: the board's views and drawer at desktop and phone (${colorScheme})`, async ({ page }) => {
    test.slow();
    await page.emulateMedia({ colorScheme });
    const board = await signedIn(page, `views-axe-${colorScheme}`);
    const today = await localInstant(page, 0);
    await seed(page, [
      { title: 'Renew passport', dueAt: today, priority: 'high' },
      { title: 'Call the plumber', dueAt: await localInstant(page, 2) },
      { title: 'Buy oat milk' },
    ]);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const view of ['', '?view=today', '?view=upcoming']) {
        await board.goto(view);
        await expect(board.rows.first()).toBeVisible();
        await expectAxeClean(page, `${width}px ${view || 'inbox'}`);
      }
      if (width < 1024) {
        await page.getByRole('button', { name: /^Filter/ }).click();
        await expectAxeClean(page, 'phone filters open');
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect(page.getByRole('dialog', { name: 'Menu' })).toBeVisible();
        await expectAxeClean(page, 'phone drawer open');
        await page.keyboard.press('Escape');
      }
    }
  });
}
