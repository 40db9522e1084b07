import { expect, type Page } from '@playwright/test';

/** Creates a project from the wide sidebar and lands on its page; returns the page's URL. */
export async function createProject(page: Page, name: string) {
  await page.getByRole('complementary').getByRole('button', { name: 'Add project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(dialog).toBeHidden();
  return page.url();
}
