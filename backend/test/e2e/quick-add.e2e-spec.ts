import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { QUICK_ADD_PHRASES, phraseClock, wallClock } from '@todo/quick-add/phrases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSection, inboxOf } from '../factories/projects.js';
import type { TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * POST /api/v1/tasks/quick runs the web app's phrase table: the same words give an agent the same task. The rows'
 * due dates are functions of "now"; the server reads the words at its own now, so each row must match its
 * expectation at the instant just before or just after the request (a minute or midnight may pass in between).
 */
describe('POST /api/v1/tasks/quick', () => {
  let sut: TestApp;
  let ada: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    ada = await signUp(sut);
  });
  afterAll(() => sut.close());

  const quick = (body: object, user = ada) => sut.http.post('/api/v1/tasks/quick').set(user.auth).send(body);

  for (const timeZone of ['America/New_York', undefined]) {
    describe(`the phrase table, read in ${timeZone ?? 'UTC (no timeZone sent)'}`, () => {
      it.each(QUICK_ADD_PHRASES.map((row) => [row.text.slice(0, 60), row] as const))('%s', async (_, row) => {
        const zone = timeZone ?? 'UTC';
        const before = new Date();
        const response = await quick({ text: row.text, ...(timeZone ? { timeZone } : {}) });
        const after = new Date();
        if (row.refused) {
          expect(response.status).toBe(400);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body.errors).toEqual([
            { path: 'text', message: expect.stringMatching(row.refused) },
          ]);
          return;
        }
        expect(response.status).toBe(201);
        const task = response.body as TaskBody;
        expect({
          title: task.title,
          tags: task.tags,
          priority: task.priority,
          recurrence: task.recurrence,
        }).toEqual({
          title: row.title,
          tags: row.tags ?? [],
          priority: row.priority ?? 'medium',
          recurrence: row.recurrence ?? null,
        });
        const due = task.dueAt === null ? null : wallClock(task.dueAt, zone);
        const expected = [before, after].map((now) => (row.due ? row.due(phraseClock(now, zone)) : null));
        expect(expected).toContain(due);
      });
    });
  }

  it('answers 201 with a Location, and the task is stored as returned', async () => {
    const response = await quick({
      text: 'Pay rent every month #home !high tomorrow 9am',
      timeZone: 'Europe/Berlin',
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/tasks/${response.body.id}`);
    const stored = await sut.http.get(response.headers.location!).set(ada.auth).expect(200);
    expect(stored.body).toEqual(response.body);
    expect(response.body).toMatchObject({
      title: 'Pay rent',
      tags: ['home'],
      priority: 'high',
      recurrence: 'monthly',
    });
    expect(wallClock(response.body.dueAt, 'Europe/Berlin')).toBe(
      phraseClock(new Date(), 'Europe/Berlin').day(1, '09:00'),
    );
  });

  it.each([
    ['text', {}, /Required|expected string/i],
    ['text', { text: '' }, /at least 1|too small|>=1/i],
    ['text', { text: '   ' }, /at least 1|too small|>=1/i],
    ['text', { text: 42 }, /expected string/i],
    ['text', { text: 'x'.repeat(1001) }, /at most 1000|too big|<=1000/i],
    ['timeZone', { text: 'Buy milk', timeZone: 'Mars/Olympus_Mons' }, /IANA time zone/],
    ['timeZone', { text: 'Buy milk', timeZone: '+01:00' }, /IANA time zone/],
    ['timeZone', { text: 'Buy milk', timeZone: '' }, /IANA time zone/],
    ['when', { text: 'Buy milk', when: 'tomorrow' }, /not a known field/],
  ])('is 400 problem+json naming %s for %j', async (path, body, message) => {
    const response = await quick(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses a title left over 200 characters with the count, and keeps nothing', async () => {
    const user = await signUp(sut);
    const response = await quick({ text: `${'y'.repeat(205)} #work !high tomorrow` }, user);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'text', message: expect.stringMatching(/this one has 205/) },
    ]);
    const list = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('replays a retry with the same Idempotency-Key and text, and is 422 for the key with other text', async () => {
    const user = await signUp(sut);
    const key = randomUUID();
    const body = { text: 'Water plants every day at 7pm', timeZone: 'Asia/Kolkata' };
    const first = await quick(body, user).set('Idempotency-Key', key).expect(201);
    const again = await quick(body, user).set('Idempotency-Key', key).expect(201);
    expect(again.body).toEqual(first.body);
    const other = await quick({ ...body, text: 'Water plants every week' }, user).set('Idempotency-Key', key);
    expect(other.status).toBe(422);
    // The same key already used on POST /api/v1/tasks is another request, not a replay.
    const createKey = randomUUID();
    await sut.http
      .post('/api/v1/tasks')
      .set(user.auth)
      .set('Idempotency-Key', createKey)
      .send({ title: 'x' })
      .expect(201);
    expect((await quick({ text: 'x' }, user).set('Idempotency-Key', createKey)).status).toBe(422);
    const list = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
    expect(list.body.items).toHaveLength(2);
  });

  it('replays a retry that spells the same time zone differently, or leaves out the default UTC', async () => {
    const user = await signUp(sut);
    const berlin = randomUUID();
    const first = await quick({ text: 'Call Anna at 5pm', timeZone: 'Europe/Berlin' }, user)
      .set('Idempotency-Key', berlin)
      .expect(201);
    const again = await quick({ text: 'Call Anna at 5pm', timeZone: 'europe/berlin' }, user)
      .set('Idempotency-Key', berlin)
      .expect(201);
    expect(again.body).toEqual(first.body);
    const utc = randomUUID();
    const plain = await quick({ text: 'Call Ben at 5pm' }, user).set('Idempotency-Key', utc).expect(201);
    const explicit = await quick({ text: 'Call Ben at 5pm', timeZone: 'UTC' }, user)
      .set('Idempotency-Key', utc)
      .expect(201);
    expect(explicit.body).toEqual(plain.body);
    const list = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
    expect(list.body.items).toHaveLength(2);
  });

  it('needs a token, and tasks:write for a personal access token', async () => {
    await sut.http.post('/api/v1/tasks/quick').send({ text: 'Buy milk' }).expect(401);
    const pat = await sut.http
      .post('/api/v1/tokens')
      .set(ada.auth)
      .send({ name: 'reader', scopes: ['tasks:read'] })
      .expect(201);
    await sut.http
      .post('/api/v1/tasks/quick')
      .set('Authorization', `Bearer ${pat.body.token}`)
      .send({ text: 'Buy milk' })
      .expect(403);
  });

  it('gives an agent over MCP (quickAddTask) the same task as the REST endpoint', async () => {
    await sut.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
    const user = await signUp(sut);
    const pat = await sut.http
      .post('/api/v1/tokens')
      .set(user.auth)
      .send({ name: 'agent', scopes: ['tasks:write'] })
      .expect(201);
    const args = { text: 'Standup every monday at 9:30 #work', timeZone: 'Europe/Berlin' };
    const response = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${pat.body.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'quickAddTask', arguments: args },
      }),
    });
    const message = (await response.json()) as { result: { isError?: boolean; structuredContent: TaskBody } };
    expect(message.result.isError).toBeFalsy();
    const viaRest = (await quick(args, user).expect(201)).body as TaskBody;
    const pick = (t: TaskBody) => [t.title, t.tags, t.priority, t.recurrence, t.dueAt];
    expect(pick(message.result.structuredContent)).toEqual(pick(viaRest));
    expect(pick(viaRest)).toEqual(['Standup', ['work'], 'medium', 'weekly', viaRest.dueAt]);
    expect(wallClock(viaRest.dueAt!, 'Europe/Berlin')).toBe(
      phraseClock(new Date(), 'Europe/Berlin').next('mon', '09:30'),
    );
  });
  describe('+Project and /Section', () => {
    it('files the task into the named project and section, matched as the web app matches names', async () => {
      const user = await signUp(sut);
      const project = await createProject(sut, user, { name: 'Home office' });
      const section = await createSection(sut, user, project.id, 'Next week');
      const filed = await quick({ text: 'Order chair +home-office /next !high' }, user).expect(201);
      expect(filed.body).toMatchObject({
        title: 'Order chair',
        priority: 'high',
        projectId: project.id,
        sectionId: section.id,
      });
      const projectOnly = await quick({ text: '+HomeOffice call the landlord' }, user).expect(201);
      expect(projectOnly.body).toMatchObject({
        title: 'call the landlord',
        projectId: project.id,
        sectionId: null,
      });
    });

    it('keeps words that name no project or section of the person in the title, in the Inbox', async () => {
      const user = await signUp(sut);
      const inbox = await inboxOf(sut, user);
      const stranger = await signUp(sut);
      await createProject(sut, stranger, { name: 'Secret' });
      for (const text of ['Clean /tmp', 'Ask about +Secret', '+Nowhere plan']) {
        const response = await quick({ text }, user).expect(201);
        expect(response.body).toMatchObject({ title: text, projectId: inbox.id, sectionId: null });
      }
    });
  });
});
