import { expect, type Page } from '@playwright/test';

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function newPerson(tag = 'e2e'): Person {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return { name: `Ada ${id}`, email: `${tag}-${id}@example.test`, password: 'correct horse battery staple' };
}

export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(person: Person = newPerson()) {
    await this.page.goto('/register');
    await this.page.getByLabel('Name').fill(person.name);
    await this.page.getByLabel('Email').fill(person.email);
    await this.page.getByLabel('Password').fill(person.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    await expect(this.page).toHaveURL(/\/tasks/);
    return person;
  }

  async signIn(person: Person, from = '/login') {
    if (from) await this.page.goto(from);
    await this.page.getByLabel('Email').fill(person.email);
    await this.page.getByLabel('Password').fill(person.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }
}
