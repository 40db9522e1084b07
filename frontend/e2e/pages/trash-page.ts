import type { Locator, Page } from '@playwright/test';

export class TrashPage {
  readonly rows: Locator;
  constructor(readonly page: Page) {
    this.rows = page.getByTestId('trash-row');
  }
  async goto() {
    await this.page.goto('/trash');
  }
  row(title: string) {
    return this.rows.filter({ hasText: title });
  }
  async restore(title: string) {
    await this.row(title)
      .getByRole('button', { name: `Restore “${title}”` })
      .click();
  }
}
