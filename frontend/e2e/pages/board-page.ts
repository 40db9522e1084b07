import { expect, type Locator, type Page } from '@playwright/test';

export class BoardPage {
  readonly quickAdd: Locator;
  readonly search: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  /** The board's polite live region (what a screen reader hears after an action). */
  readonly announcer: Locator;

  constructor(readonly page: Page) {
    this.quickAdd = page.getByLabel('New task');
    this.search = page.getByLabel('Search tasks');
    this.rows = page.getByTestId('task-row');
    this.detail = page.getByTestId('task-detail');
    this.announcer = page.getByTestId('announcer');
  }

  async goto(query = '') {
    await this.page.goto(`/tasks${query}`);
    await expect(this.page.getByTestId('result-count')).not.toHaveText('Loading tasks…');
  }

  row(title: string | RegExp): Locator {
    return this.rows
      .filter({
        has: this.page.getByRole('button', { name: typeof title === 'string' ? `${title}` : title }),
      })
      .first();
  }

  async add(title: string) {
    await this.quickAdd.fill(title);
    await this.quickAdd.press('Enter');
    await expect(this.quickAdd).toHaveValue('');
  }

  async toggle(title: string) {
    await this.row(title).getByRole('checkbox').click();
  }

  async open(title: string) {
    await this.row(title)
      .getByRole('button', { name: new RegExp(`^${escape(title)}`) })
      .click();
    await expect(this.detail).toBeVisible();
  }

  async status(name: 'All' | 'Active' | 'Done') {
    await this.page
      .getByRole('group', { name: 'Status' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByTestId('toast').filter({ hasText: text });
  }
}

export function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
