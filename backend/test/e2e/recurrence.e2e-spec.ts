import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { openStream } from '../realtime/sse-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Completing and reopening a recurring task: its series never gains a second open occurrence. */
describe('Recurring tasks: complete and reopen', () => {
  let sut: TestApp;
  let eventsUrl: string;

  beforeAll(async () => {
    sut = await startTestApp();
    await sut.app.listen(0, '127.0.0.1');
    eventsUrl = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}/api/v1/tasks/events`;
  });
  afterAll(() => sut.close());

  const list = async (user: SignedInUser, query: Record<string, string | boolean> = {}) =>
    (
      await sut.http
        .get('/api/v1/tasks')
        .set(user.auth)
        .query({ limit: 100, ...query })
        .expect(200)
    ).body.items as TaskBody[];
  const patch = async (user: SignedInUser, id: string, body: Record<string, unknown>) =>
    (await sut.http.patch(`/api/v1/tasks/${id}`).set(user.auth).send(body).expect(200)).body as TaskBody;
  const trash = async (user: SignedInUser) =>
    (await sut.http.get('/api/v1/trash').set(user.auth).expect(200)).body.items as TaskBody[];

  /** A monthly "Pay rent", completed: returns it and the next occurrence its completion created. */
  async function payRentCompleted(user: SignedInUser) {
    const rent = await createTask(sut, user, {
      title: 'Pay rent',
      recurrence: 'monthly',
      dueAt: '2027-01-01T09:00:00Z',
    });
    await patch(user, rent.id, { completed: true });
    const open = await list(user, { completed: false });
    expect(open).toHaveLength(1);
    const occurrence = open[0]!;
    expect(occurrence).toMatchObject({ title: 'Pay rent', dueAt: '2027-02-01T09:00:00.000Z', version: 1 });
    expect(occurrence.id).not.toBe(rent.id);
    return { rent, occurrence };
  }

  it('reopening removes the untouched occurrence its completion created, and open boards hear task.deleted', async () => {
    const user = await signUp(sut);
    const stream = await openStream(eventsUrl, user.auth, { agent: false });
    const { rent, occurrence } = await payRentCompleted(user);

    const reopened = await patch(user, rent.id, { completed: false });
    expect(reopened).toMatchObject({ id: rent.id, completed: false, completedAt: null });

    await sut.http.get(`/api/v1/tasks/${occurrence.id}`).set(user.auth).expect(404);
    const open = await list(user, { completed: false });
    expect(open.map((task) => [task.id, task.title])).toEqual([[rent.id, 'Pay rent']]);
    expect(await list(user)).toHaveLength(1);
    // It never existed for the person: not in the trash either.
    expect(await trash(user)).toEqual([]);

    const events = await stream.waitFor(1, (event) => event.event === 'task.deleted');
    expect(events.map((event) => event.data)).toEqual([
      { type: 'task.deleted', projectId: occurrence.projectId, taskId: occurrence.id },
    ]);
    expect(stream.events.map((event) => [event.event, event.data.taskId])).toEqual([
      ['task.created', rent.id],
      ['task.updated', rent.id],
      ['task.created', occurrence.id],
      ['task.updated', rent.id],
      ['task.deleted', occurrence.id],
    ]);
    stream.close();
  });

  it('keeps both when the occurrence was changed since, and completing again adds no second occurrence', async () => {
    const user = await signUp(sut);
    const { rent, occurrence } = await payRentCompleted(user);
    const changed = await patch(user, occurrence.id, { description: 'transfer from the joint account' });
    expect(changed.version).toBe(2);

    await patch(user, rent.id, { completed: false });
    const kept = await sut.http.get(`/api/v1/tasks/${occurrence.id}`).set(user.auth).expect(200);
    expect(kept.body).toMatchObject({ description: 'transfer from the joint account', completed: false });
    expect((await list(user, { completed: false })).map((task) => task.id).sort()).toEqual(
      [rent.id, occurrence.id].sort(),
    );

    await patch(user, rent.id, { completed: true });
    const open = await list(user, { completed: false });
    expect(open.map((task) => task.id)).toEqual([occurrence.id]);
    expect(await list(user)).toHaveLength(2);
  });

  it('a change racing the reopen is never lost: either it lands and the occurrence stays, or it is 404', async () => {
    const user = await signUp(sut);
    for (let round = 0; round < 5; round++) {
      const { rent, occurrence } = await payRentCompleted(user);
      const [edit] = await Promise.all([
        sut.http.patch(`/api/v1/tasks/${occurrence.id}`).set(user.auth).send({ description: 'raced' }),
        sut.http.patch(`/api/v1/tasks/${rent.id}`).set(user.auth).send({ completed: false }).expect(200),
      ]);
      const after = await sut.http.get(`/api/v1/tasks/${occurrence.id}`).set(user.auth);
      if (edit.status === 200) expect(after.body).toMatchObject({ description: 'raced', version: 2 });
      else expect([edit.status, after.status]).toEqual([404, 404]);
      await sut.http.delete(`/api/v1/tasks/${rent.id}`).set(user.auth).expect(204);
      if (after.status === 200)
        await sut.http.delete(`/api/v1/tasks/${occurrence.id}`).set(user.auth).expect(204);
    }
  });

  it('keeps an occurrence that was completed or trashed since', async () => {
    const user = await signUp(sut);
    const done = await payRentCompleted(user);
    await patch(user, done.occurrence.id, { completed: true });
    await patch(user, done.rent.id, { completed: false });
    const kept = await sut.http.get(`/api/v1/tasks/${done.occurrence.id}`).set(user.auth).expect(200);
    expect(kept.body).toMatchObject({ completed: true });

    const other = await signUp(sut);
    const trashed = await payRentCompleted(other);
    await sut.http.delete(`/api/v1/tasks/${trashed.occurrence.id}`).set(other.auth).expect(204);
    await patch(other, trashed.rent.id, { completed: false });
    expect((await trash(other)).map((task) => task.id)).toEqual([trashed.occurrence.id]);
    // Restoring it later must not leave two open occurrences: completing again adds none.
    await patch(other, trashed.rent.id, { completed: true });
    await sut.http.post(`/api/v1/trash/${trashed.occurrence.id}/restore`).set(other.auth).expect(200);
    expect((await list(other, { completed: false })).map((task) => task.id)).toEqual([trashed.occurrence.id]);
  });

  it('complete, reopen, complete leaves exactly one open occurrence, a fresh one', async () => {
    const user = await signUp(sut);
    const { rent, occurrence } = await payRentCompleted(user);
    await patch(user, rent.id, { completed: false });
    await patch(user, rent.id, { completed: true });

    const open = await list(user, { completed: false });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ title: 'Pay rent', dueAt: '2027-02-01T09:00:00.000Z', version: 1 });
    expect(open[0]!.id).not.toBe(occurrence.id);
    expect(await list(user)).toHaveLength(2);

    // And once more, with If-Match as the web sends it.
    const current = await sut.http.get(`/api/v1/tasks/${rent.id}`).set(user.auth).expect(200);
    await sut.http
      .patch(`/api/v1/tasks/${rent.id}`)
      .set(user.auth)
      .set('If-Match', String(current.body.version))
      .send({ completed: false })
      .expect(200);
    expect(await list(user, { completed: false })).toEqual([expect.objectContaining({ id: rent.id })]);
  });
});
