import { expect, test, type Browser, type Page } from '@playwright/test';
import { AuthPage, newPerson, type Person } from './pages/auth-page';
import { expectAxeClean } from './pages/axe';
import { BoardPage } from './pages/board-page';
import { createProject } from './pages/projects';

/**
 * Two people working in one shared project at the same time, each in their own browser: what one does shows up
 * for the other without a reload — tasks, comments, and finally the removal of one of them.
 */

const sidebar = (page: Page) => page.getByRole('complementary');
const row = (page: Page, title: string) => page.getByRole('listitem', { name: new RegExp(`^${title}(,|$)`) });

async function person(browser: Browser, tag: string): Promise<{ page: Page; who: Person }> {
  const page = await (await browser.newContext()).newPage();
  return { page, who: newPerson(tag) };
}

async function addTask(page: Page, project: string, title: string) {
  const field = page.getByRole('textbox', { name: `Add a task to ${project}` });
  await field.fill(title);
  await field.press('Enter');
  await expect(row(page, title)).toBeVisible();
}

test('edits, comments and a removal reach the other person live; the activity names who did what', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await person(browser, 'owner');
  const editor = await person(browser, 'editor');
  await new AuthPage(owner.page).signUp(owner.who);
  await new AuthPage(editor.page).signUp(editor.who);
  const projectUrl = await createProject(owner.page, 'Garden');
  await addTask(owner.page, 'Garden', 'Cut the hedge');

  await owner.page.getByRole('button', { name: /^Share/ }).click();
  const share = owner.page.getByRole('dialog', { name: 'Share “Garden”' });
  await share.getByLabel('They join as').selectOption('editor');
  await share.getByRole('button', { name: 'Create link' }).click();
  const link = await share.getByTestId('invite-link').inputValue();
  await owner.page.keyboard.press('Escape');

  await editor.page.goto(link);
  await editor.page.getByRole('button', { name: 'Join project' }).click();
  await expect(editor.page).toHaveURL(projectUrl);
  await expect(row(editor.page, 'Cut the hedge')).toBeVisible();

  // Each one's new task appears on the other's open page, no reload.
  await addTask(owner.page, 'Garden', 'Water the roses');
  await expect(row(editor.page, 'Water the roses')).toBeVisible({ timeout: 5_000 });
  await addTask(editor.page, 'Garden', 'Buy seeds');
  await expect(row(owner.page, 'Buy seeds')).toBeVisible({ timeout: 5_000 });

  // A comment from the editor shows in the owner's open thread of the same task.
  const ownerBoard = new BoardPage(owner.page);
  const editorBoard = new BoardPage(editor.page);
  await ownerBoard.goto();
  await ownerBoard.open('Cut the hedge');
  await expect(ownerBoard.detail.getByText('No comments yet.')).toBeVisible();
  await editorBoard.goto();
  await editorBoard.open('Cut the hedge');
  await editorBoard.detail.getByLabel('Add a comment').fill('The big shears are in the shed.');
  await editorBoard.detail.getByRole('button', { name: 'Comment' }).click();
  await expect(editorBoard.detail.getByText('The big shears are in the shed.')).toBeVisible();
  await expect(ownerBoard.detail.getByText('The big shears are in the shed.')).toBeVisible({
    timeout: 5_000,
  });
  await expect(ownerBoard.detail.getByRole('heading', { name: 'Comments (1)' })).toBeVisible();
  await expectAxeClean(owner.page, 'task detail with a comment thread');
  // The owner may delete anyone's comment.
  await ownerBoard.detail.getByRole('button', { name: `Delete the comment by ${editor.who.name}` }).click();
  await expect(ownerBoard.detail.getByText('No comments yet.')).toBeVisible();

  // The project's activity: newest first, in plain words.
  await owner.page.goto(projectUrl);
  await owner.page.getByRole('button', { name: 'Activity' }).click();
  const activity = owner.page.getByRole('dialog', { name: 'Activity in Garden' });
  await expect(activity.getByRole('listitem').first()).toContainText(
    `${owner.who.name} deleted a comment on`,
  );
  await expect(activity.getByText(`${editor.who.name} commented on “Cut the hedge”`)).toBeVisible();
  await expect(activity.getByText(`${editor.who.name} added “Buy seeds”`)).toBeVisible();
  await expect(activity.getByText(`${editor.who.name} joined the project`)).toBeVisible();
  await expectAxeClean(owner.page, 'activity dialog');
  await owner.page.keyboard.press('Escape');

  // Removed while looking at the board: the project leaves their sidebar without a reload.
  await editor.page.goto(projectUrl);
  await expect(sidebar(editor.page).getByRole('link', { name: /^Garden/ })).toBeVisible();
  await owner.page.getByRole('button', { name: /^Share/ }).click();
  await share.getByRole('button', { name: `Remove ${editor.who.name}` }).click();
  await share.getByRole('button', { name: `Yes, remove ${editor.who.name}` }).click();
  await expect(sidebar(editor.page).getByRole('link', { name: /^Garden/ })).toHaveCount(0, {
    timeout: 5_000,
  });
  await expect(row(editor.page, 'Cut the hedge')).toHaveCount(0);
});
