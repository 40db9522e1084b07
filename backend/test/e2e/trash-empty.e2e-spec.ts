import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY_MS = 86_400_000;

describe('Trash: when each task is erased, and Empty trash', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp({ TRASH_RETENTION_DAYS: '7' });
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const trashed = async (user: SignedInUser) =>
    (await sut.http.get('/api/v1/trash').set(user.auth).expect(200)).body.items as {
      id: string;
      trashedAt: string;
      erasesAt: string;
    }[];
  const trash = async (user: SignedInUser, title: string) => {
    const task = await createTask(sut, user, { title });
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(user.auth).expect(204);
    return task;
  };

  it('says when each trashed task was trashed and when the retention erases it', async () => {
    const before = Date.now();
    const task = await trash(ada, 'Old receipts');
    const [item] = (await trashed(ada)).filter((t) => t.id === task.id);
    expect(Date.parse(item!.trashedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(item!.trashedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(Date.parse(item!.erasesAt) - Date.parse(item!.trashedAt)).toBe(7 * DAY_MS);
  });

  it('empties the caller’s trash at once, leaving their tasks and other people’s trash alone', async () => {
    await trash(ada, 'one');
    await trash(ada, 'two');
    const kept = await createTask(sut, ada, { title: 'still on the list' });
    const bobs = await trash(bob, 'Bob’s');
    await sut.http.delete('/api/v1/trash').set(ada.auth).expect(204);
    expect(await trashed(ada)).toEqual([]);
    await sut.http.get(`/api/v1/tasks/${kept.id}`).set(ada.auth).expect(200);
    expect((await trashed(bob)).map((t) => t.id)).toEqual([bobs.id]);
    await sut.http.delete('/api/v1/trash').set(ada.auth).expect(204); // already empty: still 204
    await sut.http.delete('/api/v1/trash').expect(401);
  });
});
