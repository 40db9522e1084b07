import { expect, test } from '@playwright/test';
import { AuthPage, newPerson } from './pages/auth-page';
import { expectAxeClean } from './pages/axe';
import { BoardPage } from './pages/board-page';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violations on any page (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/login');
    await expectAxeClean(page, 'login');
    await page.goto('/register');
    await expectAxeClean(page, 'register');
    await new AuthPage(page).signUp(newPerson(`axe-${colorScheme}`));
    await expectAxeClean(page, 'empty board');
    const board = new BoardPage(page);
    await board.add('Renew passport #admin !high');
    await board.add('Book dentist');
    await board.open('Book dentist');
    await expectAxeClean(page, 'board with detail');
    await page.goto('/trash');
    await expectAxeClean(page, 'trash');
    await page.goto('/settings');
    await expectAxeClean(page, 'settings');
  });
}

test('screenshots of the board: 390×844 and 1440×900, light and dark', async ({ page }) => {
  await new AuthPage(page).signUp({ ...newPerson('shots'), name: 'Ada Lovelace' });
  const board = new BoardPage(page);
  for (const t of [
    'Renew passport #admin !high',
    'Call the plumber #home',
    'Draft quarterly report #work',
    'Buy oat milk #errands !low',
    'Plan weekend hike #fun',
  ])
    await board.add(t);
  await board.open('Draft quarterly report');
  await board.detail.getByLabel('Due').fill('2030-01-10T14:00');
  await board.detail.getByLabel('Repeat').selectOption('monthly');
  await board.detail.getByRole('button', { name: 'Done' }).click();
  await board.toggle('Buy oat milk');
  await board.status('All');
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [w, h] of [
      [390, 844],
      [1440, 900],
    ] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: w, height: h });
      // The 390 px shot can leave the page scrolled; every shot shows the top of the board.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(150);
      await page.screenshot({ path: `../reports/screenshots/board-${w}x${h}-${colorScheme}.png` });
    }
  }
});

test('phone: no horizontal scroll at 360 px and touch targets of at least 44 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await new AuthPage(page).signUp(newPerson('mobile'));
  const board = new BoardPage(page);
  await board.add('A fairly long task title that has to wrap nicely on a small phone screen #phone');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'main button, main input:not([type=checkbox]):not([type=radio]), main select, main label:has(> input[type=checkbox]), header a, header button',
      ),
    ]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({
        el: (el as HTMLElement).outerHTML.slice(0, 80),
        ...el.getBoundingClientRect().toJSON(),
      }))
      .filter((r) => r.height < 44 || r.width < 44),
  );
  expect(small).toEqual([]);
  await board.open('A fairly long task title');
  await expect(board.detail).toBeInViewport();
});
