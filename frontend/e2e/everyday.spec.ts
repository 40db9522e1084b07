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

    const bravo = board.row('Bravo');
    // Timed inside the page, from the click to the row leaving the DOM: a slow test runner cannot shorten it.
    await bravo.evaluate((row) => {
      const times: { clicked?: number; gone?: number } = {};
      (window as unknown as { held: typeof times }).held = times;
      row.addEventListener('click', () => (times.clicked ??= performance.now()), { capture: true });
      new MutationObserver((_, observer) => {
        if (row.isConnected) return;
        times.gone = performance.now();
        observer.disconnect();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await board.toggle('Bravo');
    await expect(bravo.getByRole('checkbox')).toBeChecked();
    await expect(board.toast('Completed “Bravo”')).toBeVisible();
    await expect(board.row('Alpha')).toBeFocused();
    await expect(bravo).toHaveCount(0, { timeout: 5000 });
    const held = await page.evaluate(() => {
      const { clicked = 0, gone = 0 } = (window as unknown as { held: { clicked?: number; gone?: number } })
        .held;
      return gone - clicked;
    });
    expect(held).toBeGreaterThanOrEqual(1200);

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

/** The task's state on the server (the session's own API, through the web origin). */
async function serverTask(page: Page, id: string) {
  const res = await page.request.get(`/api/v1/tasks/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as {
    title: string;
    description: string | null;
    priority: string;
    version: number;
  };
}

test.describe('the detail panel saves as one types', () => {
  test('notes survive Esc, ✕, opening another task and leaving the page; the header says Saving… then Saved', async ({
    page,
  }) => {
    const board = await signedInBoard(page, 'autosave');
    await addAll(board, ['Alpha', 'Bravo']);
    const alphaId = (await board.row('Alpha').getAttribute('data-task-id'))!;
    const bravoId = (await board.row('Bravo').getAttribute('data-task-id'))!;

    // Esc straight after typing: the waiting save is sent first, not dropped.
    await board.open('Alpha');
    await board.detail.getByLabel('Notes').fill('Call the venue');
    await page.keyboard.press('Escape');
    await expect(board.detail).toBeHidden();
    await expect(board.row('Alpha')).toBeFocused();
    expect((await serverTask(page, alphaId)).description).toBe('Call the venue');

    // ✕, after the save state (a polite live region in the header) has settled.
    await board.open('Bravo');
    const state = board.detail.getByRole('status');
    await board.detail.getByLabel('Notes').fill('Bring snacks');
    await expect(state).toHaveText('Saving…');
    await expect(state).toHaveText('Saved');
    await board.detail.getByRole('button', { name: 'Close details' }).click();
    await expect(board.detail).toBeHidden();
    expect((await serverTask(page, bravoId)).description).toBe('Bring snacks');

    // Clicking another task while a save waits.
    await board.open('Alpha');
    await expect(board.detail.getByLabel('Notes')).toHaveValue('Call the venue');
    await board.detail.getByLabel('Notes').fill('Call the venue, then book');
    await board.open('Bravo');
    await expect(board.detail.getByLabel('Notes')).toHaveValue('Bring snacks');
    expect((await serverTask(page, alphaId)).description).toBe('Call the venue, then book');

    // Leaving for another page of the app while a save waits.
    await board.detail.getByLabel('Notes').fill('Snacks and drinks');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash' }).click();
    await expect(page).toHaveURL(/\/trash/);
    await expect.poll(async () => (await serverTask(page, bravoId)).description).toBe('Snacks and drinks');

    await board.goto();
    await board.open('Alpha');
    await expect(board.detail.getByLabel('Notes')).toHaveValue('Call the venue, then book');
  });

  test('on a 390×844 phone the sheet shows its save state and saves before it closes', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const board = await signedInBoard(page, 'autosave-phone');
    await addAll(board, ['Alpha']);
    const id = (await board.row('Alpha').getAttribute('data-task-id'))!;
    await board.open('Alpha');
    await board.detail.getByLabel('Notes').fill('From the phone');
    await expect(board.detail.getByRole('status')).toBeInViewport();
    await board.detail.getByRole('button', { name: 'Close details' }).click();
    await expect(board.detail).toBeHidden();
    expect((await serverTask(page, id)).description).toBe('From the phone');
  });

  test('Revert puts back what the task had when the panel opened, on the server too', async ({ page }) => {
    const board = await signedInBoard(page, 'revert');
    await addAll(board, ['Alpha']);
    const id = (await board.row('Alpha').getAttribute('data-task-id'))!;
    await board.open('Alpha');
    const revert = board.detail.getByRole('button', { name: 'Revert changes' });
    await expect(revert).toBeDisabled();
    await board.detail.getByLabel('Title').fill('Alpha, renamed');
    await board.detail.getByRole('radio', { name: 'High' }).check({ force: true });
    await board.detail.getByLabel('Notes').fill('Second thoughts');
    await expect(board.detail.getByRole('status')).toHaveText('Saved');
    expect(await serverTask(page, id)).toMatchObject({ title: 'Alpha, renamed', priority: 'high' });

    await revert.click();
    await expect(board.detail.getByLabel('Title')).toHaveValue('Alpha');
    await expect(board.detail.getByLabel('Notes')).toHaveValue('');
    await expect(board.detail.getByRole('status')).toHaveText('Saved');
    await expect(revert).toBeDisabled();
    expect(await serverTask(page, id)).toMatchObject({
      title: 'Alpha',
      description: null,
      priority: 'medium',
    });
  });
});

test.describe('Ctrl+Z undoes an edit', () => {
  test('outside a field, Ctrl+Z takes back the last autosave, then the one before; a newer change elsewhere is kept', async ({
    page,
    baseURL,
  }) => {
    const board = await signedInBoard(page, 'undo-edit');
    await addAll(board, ['Alpha', 'Bravo']);
    const id = (await board.row('Alpha').getAttribute('data-task-id'))!;

    await board.open('Alpha');
    const state = board.detail.getByRole('status');
    await board.detail.getByLabel('Title').fill('Alpha renamed');
    await expect(state).toHaveText('Saved');
    await board.detail.getByLabel('Notes').fill('Oops, wrong task');
    await expect(state).toHaveText('Saved');
    await page.keyboard.press('Escape');
    await expect(board.row('Alpha renamed')).toBeFocused();

    // In a text field Ctrl+Z stays the field's own undo.
    await board.quickAdd.fill('draft');
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(300);
    expect((await serverTask(page, id)).description).toBe('Oops, wrong task');
    await board.quickAdd.fill('');

    await board.row('Alpha renamed').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await serverTask(page, id)).description).toBeNull();
    expect((await serverTask(page, id)).title).toBe('Alpha renamed');
    await expect(board.announcer).toContainText('Undid the edit');

    await page.keyboard.press('Control+z');
    await expect(board.row('Alpha')).toBeVisible();
    await expect(board.row('Alpha')).toBeFocused();
    await expect.poll(async () => (await serverTask(page, id)).title).toBe('Alpha');

    // An edit whose field someone else has changed since is not undone over their change.
    await board.open('Bravo');
    await board.detail.getByLabel('Notes').fill('Mine');
    await expect(state).toHaveText('Saved');
    await page.keyboard.press('Escape');
    const bravoId = (await board.row('Bravo').getAttribute('data-task-id'))!;
    const { version } = await serverTask(page, bravoId);
    const other = await page.request.patch(`/api/v1/tasks/${bravoId}`, {
      data: { description: 'Theirs' },
      headers: { Origin: new URL(baseURL!).origin, 'If-Match': String(version) },
    });
    expect(other.status()).toBe(200);
    // The live event brings their version to this tab.
    await board.open('Bravo');
    await expect(board.detail.getByLabel('Notes')).toHaveValue('Theirs');
    await page.keyboard.press('Escape');
    await expect(board.row('Bravo')).toBeFocused();
    await page.keyboard.press('Control+z');
    await expect(board.toast(/has changed since/)).toBeVisible();
    expect((await serverTask(page, bravoId)).description).toBe('Theirs');
  });
});

test.describe('a new task is shown where it lands', () => {
  /** Seeds tasks straight through the API, in parallel batches (the UI would take minutes for 160). */
  async function seed(page: Page, origin: string, count: number) {
    for (let start = 0; start < count; start += 20) {
      const batch = Array.from({ length: Math.min(20, count - start) }, (_, i) => start + i);
      const statuses = await Promise.all(
        batch.map(async (n) => {
          const res = await page.request.post('/api/v1/tasks', {
            headers: { Origin: origin },
            // Dated, so a new undated task sorts below all of them.
            data: {
              title: `Seeded ${String(n).padStart(3, '0')}`,
              dueAt: new Date(Date.UTC(2031, 0, 1, n)).toISOString(),
            },
          });
          return res.status();
        }),
      );
      expect(statuses.every((s) => s === 201)).toBe(true);
    }
  }

  test('far down the list it is scrolled into view and highlighted; hidden by filters, a toast offers Show', async ({
    page,
    baseURL,
  }) => {
    test.slow(); // 160 tasks through the API on a shared machine
    const board = await signedInBoard(page, 'landing');
    await seed(page, new URL(baseURL!).origin, 160);
    await board.goto();
    await expect(board.rows).toHaveCount(160);

    await board.add('Fresh idea');
    const fresh = board.row('Fresh idea');
    await expect(fresh).toHaveAttribute('data-just-added', 'true');
    await expect(fresh).toBeInViewport();
    await expect(board.rows.last()).toContainText('Fresh idea'); // it really landed at the bottom
    await expect(board.quickAdd).toBeFocused(); // ready for the next one
    await expect(fresh).not.toHaveAttribute('data-just-added', 'true', { timeout: 5000 });

    // A search that the new task does not match: it is added, and the toast says where it is.
    await board.search.fill('Seeded 15');
    await expect(board.rows).toHaveCount(12); // 150–159, 015 and 115: every word matches
    await board.quickAdd.click();
    await board.add('Hidden by the search');
    const toast = board.toast('Added “Hidden by the search”');
    await expect(toast).toContainText('filters hide it');
    await toast.getByRole('button', { name: 'Show' }).click();
    await expect(board.search).toHaveValue('');
    const hidden = board.row('Hidden by the search');
    // The highlight fades after 2.5 s: checked first.
    await expect(hidden).toHaveAttribute('data-just-added', 'true');
    await expect(hidden).toBeInViewport();
    await expect(hidden).toBeFocused();
  });
});
