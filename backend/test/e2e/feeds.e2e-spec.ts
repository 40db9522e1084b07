import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../factories/projects.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface CreatedFeed {
  id: string;
  projectId: string | null;
  url: string;
  createdAt: string;
}

const PUBLIC_URL = 'https://api.todo.example';

describe('Calendar feeds', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp({ PUBLIC_URL });
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const createFeed = async (user: SignedInUser, body: object = {}) =>
    (await sut.http.post('/api/v1/feeds').set(user.auth).send(body).expect(201)).body as CreatedFeed;
  const pathOf = (feed: CreatedFeed) => new URL(feed.url).pathname;
  const events = (text: string) =>
    new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent));

  it('creates a feed whose secret URL is on the public origin and is shown only once', async () => {
    const feed = await createFeed(ada);
    expect(feed).toEqual({
      id: expect.any(String),
      projectId: null,
      createdAt: expect.any(String),
      url: expect.stringMatching(/^https:\/\/api\.todo\.example\/feeds\/[A-Za-z0-9_-]{43}\.ics$/),
    });
    const list = await sut.http.get('/api/v1/feeds').set(ada.auth).expect(200);
    expect(list.body.items).toContainEqual({ id: feed.id, projectId: null, createdAt: feed.createdAt });
    expect(JSON.stringify(list.body)).not.toContain(new URL(feed.url).pathname.slice(7, 50));
    const bobs = await sut.http.get('/api/v1/feeds').set(bob.auth).expect(200);
    expect(bobs.body.items).toEqual([]);
  });

  it('serves one VEVENT per open task with a due time, across all projects, as valid iCalendar', async () => {
    const user = await signUp(sut);
    const project = await createProject(sut, user, { name: 'Errands' });
    const due = await createTask(sut, user, {
      title: 'Pay rent, twice; really \\ now',
      description: 'line one\nline two',
      dueAt: '2026-12-24T09:30:00.000Z',
      remindAt: '2026-12-24T09:00:00.000Z',
      recurrence: 'monthly',
    });
    const other = await createTask(sut, user, {
      title: 'In a project',
      projectId: project.id,
      dueAt: '2026-12-25T10:00:00+02:00',
    });
    await createTask(sut, user, { title: 'No due date' });
    const done = await createTask(sut, user, { title: 'Done', dueAt: '2026-12-20T09:00:00.000Z' });
    await sut.http.patch(`/api/v1/tasks/${done.id}`).set(user.auth).send({ completed: true }).expect(200);
    const feed = await createFeed(user);

    const response = await sut.http.get(pathOf(feed)).expect(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const [first, second] = events(response.text);
    expect([first!.uid, second!.uid]).toEqual([due.id, other.id]);
    expect(first!.summary).toBe('Pay rent, twice; really \\ now');
    expect(first!.description).toBe('line one\nline two');
    expect(first!.startDate.toJSDate().toISOString()).toBe('2026-12-24T09:30:00.000Z');
    expect(first!.startDate.zone.tzid).toBe('UTC');
    expect((first!.component.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('MONTHLY');
    const alarm = first!.component.getFirstSubcomponent('valarm')!;
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2026-12-24T09:00:00.000Z',
    );
    expect(second!.startDate.toJSDate().toISOString()).toBe('2026-12-25T08:00:00.000Z');
    expect(second!.component.getFirstPropertyValue('rrule')).toBeNull();
    expect(events(response.text)).toHaveLength(2);
  });

  it('limits a project feed to that project, and refuses a project that is not yours with 404', async () => {
    const user = await signUp(sut);
    const project = await createProject(sut, user, { name: 'Garden' });
    const inside = await createTask(sut, user, { projectId: project.id, dueAt: '2026-12-30T08:00:00.000Z' });
    await createTask(sut, user, { dueAt: '2026-12-30T08:00:00.000Z' });
    const feed = await createFeed(user, { projectId: project.id });
    expect(feed.projectId).toBe(project.id);
    const response = await sut.http.get(pathOf(feed)).expect(200);
    expect(events(response.text).map((event) => event.uid)).toEqual([inside.id]);
    expect(new ICAL.Component(ICAL.parse(response.text)).getFirstPropertyValue('x-wr-calname')).toBe(
      'Garden',
    );

    const refused = await sut.http
      .post('/api/v1/feeds')
      .set(bob.auth)
      .send({ projectId: project.id })
      .expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // Once the project is trashed its feed is gone too.
    await sut.http.delete(`/api/v1/projects/${project.id}`).set(user.auth).expect(204);
    await sut.http.get(pathOf(feed)).expect(404);
  });

  it('answers 304 to If-None-Match and If-Modified-Since until a task changes', async () => {
    const user = await signUp(sut);
    const task = await createTask(sut, user, { title: 'Dentist', dueAt: '2026-12-29T08:00:00.000Z' });
    const feed = await createFeed(user);
    const first = await sut.http.get(pathOf(feed)).expect(200);
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);

    const notModified = await sut.http.get(pathOf(feed)).set('If-None-Match', etag).expect(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    await sut.http.get(pathOf(feed)).set('If-Modified-Since', lastModified).expect(304);
    await sut.http.get(pathOf(feed)).set('If-None-Match', '"other"').expect(200);
    // If-None-Match decides when both are sent.
    await sut.http
      .get(pathOf(feed))
      .set('If-None-Match', '"other"')
      .set('If-Modified-Since', lastModified)
      .expect(200);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sut.http
      .patch(`/api/v1/tasks/${task.id}`)
      .set(user.auth)
      .send({ title: 'Dentist at 9' })
      .expect(200);
    const changed = await sut.http.get(pathOf(feed)).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(events(changed.text)[0]!.summary).toBe('Dentist at 9');
    await sut.http.get(pathOf(feed)).set('If-Modified-Since', lastModified).expect(200);
    // Completing it takes it off the feed, and changes the validator again.
    await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ completed: true }).expect(200);
    const emptied = await sut.http.get(pathOf(feed)).set('If-None-Match', changed.headers.etag as string);
    expect(emptied.status).toBe(200);
    expect(events(emptied.text)).toEqual([]);
  });

  it('answers 404 to an unknown token and, at once, to a revoked one', async () => {
    await sut.http.get(`/feeds/${'A'.repeat(43)}.ics`).expect(404);
    await sut.http.get('/feeds/not-a-token').expect(404);
    const feed = await createFeed(ada);
    await sut.http.get(pathOf(feed)).expect(200);
    await sut.http.delete(`/api/v1/feeds/${feed.id}`).set(bob.auth).expect(404);
    await sut.http.delete(`/api/v1/feeds/${feed.id}`).set(ada.auth).expect(204);
    const gone = await sut.http.get(pathOf(feed)).expect(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    await sut.http.delete(`/api/v1/feeds/${feed.id}`).set(ada.auth).expect(404);
    const list = await sut.http.get('/api/v1/feeds').set(ada.auth).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(feed.id);
  });

  it('validates the request: 400 naming the field, 401 without a session', async () => {
    const bad = await sut.http.post('/api/v1/feeds').set(ada.auth).send({ projectId: 'nope' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'projectId' })]);
    const extra = await sut.http.post('/api/v1/feeds').set(ada.auth).send({ color: 'red' }).expect(400);
    expect(extra.body.errors[0].path).toBeDefined();
    await sut.http.delete('/api/v1/feeds/not-a-uuid').set(ada.auth).expect(400);
    await sut.http.post('/api/v1/feeds').send({}).expect(401);
    await sut.http.get('/api/v1/feeds').expect(401);
  });
});

describe('Calendar feed polling limit', () => {
  let sut: TestApp;
  afterAll(() => sut.close());

  it('answers 429 with Retry-After once a feed is polled too often', async () => {
    sut = await startTestApp({ RATE_LIMIT_ENABLED: 'true' });
    const user = await signUp(sut);
    const feed = (await sut.http.post('/api/v1/feeds').set(user.auth).send({}).expect(201))
      .body as CreatedFeed;
    const path = new URL(feed.url).pathname;
    expect(feed.url.startsWith('http://localhost:')).toBe(true);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await sut.http.get(path)).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await sut.http.get(path).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses[30]).toBe(429);
  });
});
