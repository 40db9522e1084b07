import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { WebhooksRepository } from '../../src/webhooks/webhooks.repository.js';
import { createProject } from '../factories/projects.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';

interface CreatedWebhook {
  id: string;
  url: string;
  events: string[];
  projectId: string | null;
  secret: string;
  previousSecretExpiresAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}
interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
}

const PORT = inject('database').kind === 'postgres' ? 18311 : 18310;

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Webhooks', () => {
  let sut: TestApp;
  let receiver: WebhookReceiver;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(PORT);
    sut = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_CA_FILE: receiver.caFile,
      WEBHOOK_RETRY_BASE_MS: '5',
    });
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(async () => {
    await sut?.close();
    await receiver?.close();
  });

  const createWebhook = async (user: SignedInUser, body: object) =>
    (await sut.http.post('/api/v1/webhooks').set(user.auth).send(body).expect(201)).body as CreatedWebhook;
  /** Messages the receiver got for one webhook (the path carries its name). */
  const receivedAt = (path: string) => receiver.received.filter((m) => m.path === path);
  const hookUrl = (name: string) => `${receiver.url}/${name}`;
  const pathOf = (message: ReceivedWebhook) => message.path;
  const verify = (secret: string, message: ReceivedWebhook) =>
    new Webhook(secret).verify(message.body, message.headers) as {
      type: string;
      data: Record<string, unknown>;
    };
  const deliveries = async (user: SignedInUser, id: string) =>
    (await sut.http.get(`/api/v1/webhooks/${id}/deliveries`).set(user.auth).expect(200)).body
      .items as Delivery[];

  it('spends no fan-out on writes while no webhook exists, and starts once one does', async () => {
    const repository = sut.app.get(WebhooksRepository, { strict: false });
    const fanOut = vi.spyOn(repository, 'fanOut');
    try {
      await createTask(sut, ada, { title: 'Before any webhook' });
      // Long enough for the write's NOTIFY to have come back to this process.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fanOut).not.toHaveBeenCalled();
      await createWebhook(ada, { url: hookUrl('first'), events: ['task.created'] });
      await until(() => (fanOut.mock.calls.length > 0 ? true : undefined), 1_000);
    } finally {
      fanOut.mockRestore();
    }
  });

  it('creates, lists, gets and deletes a webhook; the secret is shown once', async () => {
    const hook = await createWebhook(ada, { url: hookUrl('crud'), events: ['task.created'] });
    expect(hook).toMatchObject({
      url: hookUrl('crud'),
      events: ['task.created'],
      projectId: null,
      disabledAt: null,
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await sut.http.get('/api/v1/webhooks').set(ada.auth).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(hook.id);
    expect(JSON.stringify(list.body)).not.toContain(hook.secret.slice(6));
    const one = await sut.http.get(`/api/v1/webhooks/${hook.id}`).set(ada.auth).expect(200);
    expect(one.body).not.toHaveProperty('secret');
    await sut.http.get(`/api/v1/webhooks/${hook.id}`).set(bob.auth).expect(404);
    await sut.http.delete(`/api/v1/webhooks/${hook.id}`).set(bob.auth).expect(404);
    await sut.http.delete(`/api/v1/webhooks/${hook.id}`).set(ada.auth).expect(204);
    await sut.http.get(`/api/v1/webhooks/${hook.id}`).set(ada.auth).expect(404);
    await sut.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(ada.auth).expect(404);
    await sut.http.get('/api/v1/webhooks/not-a-uuid').set(ada.auth).expect(400);
  });

  it.each([
    ['url', { url: 'http://hooks.example.com/', events: ['task.created'] }],
    ['url', { url: 'not a url', events: ['task.created'] }],
    ['url', { url: `https://hooks.example.com/${'a'.repeat(2000)}`, events: ['task.created'] }],
    ['events', { url: 'https://hooks.example.com/', events: ['task.exploded'] }],
    ['events', { url: 'https://hooks.example.com/', events: [] }],
    ['events', { url: 'https://hooks.example.com/', events: ['task.created', 'task.created'] }],
    ['events', { url: 'https://hooks.example.com/' }],
    ['projectId', { url: 'https://hooks.example.com/', events: ['task.created'], projectId: 'nope' }],
    ['secret', { url: 'https://hooks.example.com/', events: ['task.created'], secret: 'mine' }],
  ])('answers 400 naming %s for a bad request', async (field, body) => {
    const response = await sut.http.post('/api/v1/webhooks').set(ada.auth).send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { path: string }) => e.path.split('.')[0])).toContain(field);
  });

  it('answers 409 past MAX_WEBHOOKS_PER_USER (20) webhooks', async () => {
    const carol = await signUp(sut);
    for (let i = 0; i < 20; i += 1)
      await createWebhook(carol, { url: hookUrl(`n${i}`), events: ['task.created'] });
    const response = await sut.http
      .post('/api/v1/webhooks')
      .set(carol.auth)
      .send({ url: hookUrl('one-too-many'), events: ['task.created'] })
      .expect(409);
    expect(response.body.detail).toMatch(/limit of 20 webhooks/);
  });

  it('answers 404 for a project the caller cannot read', async () => {
    const bobs = await createProject(sut, bob, { name: 'Private' });
    await sut.http
      .post('/api/v1/webhooks')
      .set(ada.auth)
      .send({ url: hookUrl('x'), events: ['task.created'], projectId: bobs.id })
      .expect(404);
  });

  it('delivers a signed message for each committed change, which the reference verifier accepts', async () => {
    const hook = await createWebhook(ada, {
      url: hookUrl('signed'),
      events: ['task.created', 'task.updated'],
    });
    receiver.answer = () => 204;
    const task = await createTask(sut, ada, { title: 'Hello hooks' });
    const message = await until(() => receivedAt('/hooks/signed')[0]);
    const payload = verify(hook.secret, message);
    expect(payload.type).toBe('task.created');
    expect(payload.data).toMatchObject({ id: task.id, title: 'Hello hooks', projectId: task.projectId });
    expect(message.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    const [delivery] = await until(async () => {
      const items = await deliveries(ada, hook.id);
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    expect(delivery).toMatchObject({
      id: message.headers['webhook-id'],
      event: 'task.created',
      status: 'delivered',
      attempts: 1,
      responseStatus: 204,
    });
    // Bob's changes never reach Ada's webhook: he shares no project with her.
    await createTask(sut, bob, { title: 'Not for Ada' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receivedAt('/hooks/signed')).toHaveLength(1);
  });

  it('retries a target answering 500 five times, and the sixth try is delivered with the same id and bytes', async () => {
    const hook = await createWebhook(ada, { url: hookUrl('flaky'), events: ['task.created'] });
    receiver.answer = (message) =>
      pathOf(message) === '/hooks/flaky' && receivedAt('/hooks/flaky').length <= 5 ? 500 : 204;
    const test = await sut.http.post(`/api/v1/webhooks/${hook.id}/test`).set(ada.auth).expect(202);
    expect(test.body).toMatchObject({ event: 'webhook.test', status: 'pending' });
    const delivered = await until(async () => {
      const [item] = await deliveries(ada, hook.id);
      return item?.status === 'delivered' ? item : undefined;
    }, 20_000);
    expect(delivered).toMatchObject({ id: test.body.id, attempts: 6, responseStatus: 204 });
    const messages = receivedAt('/hooks/flaky');
    expect(messages).toHaveLength(6);
    expect(new Set(messages.map((m) => m.headers['webhook-id']))).toEqual(new Set([test.body.id]));
    expect(new Set(messages.map((m) => m.body)).size).toBe(1);
    expect(verify(hook.secret, messages[5]!).type).toBe('webhook.test');
  });

  it('delivers a project’s changes in commit order, one at a time, even while the first is being retried', async () => {
    const project = await createProject(sut, ada, { name: 'Ordered' });
    const hook = await createWebhook(ada, {
      url: hookUrl('ordered'),
      events: ['task.created', 'task.updated'],
      projectId: project.id,
    });
    let failedFirst = false;
    receiver.answer = (message) => {
      if (pathOf(message) !== '/hooks/ordered' || failedFirst) return 204;
      failedFirst = true;
      return 503;
    };
    const titles = ['one', 'two', 'three', 'four', 'five'];
    const made = [];
    for (const title of titles) made.push(await createTask(sut, ada, { title, projectId: project.id }));
    await sut.http
      .patch(`/api/v1/tasks/${made[0]!.id}`)
      .set(ada.auth)
      .send({ title: 'one again' })
      .expect(200);
    // Elsewhere: not this webhook's project.
    await createTask(sut, ada, { title: 'inbox' });
    const seen = await until(() => {
      const ids = new Set(receivedAt('/hooks/ordered').map((m) => m.headers['webhook-id']));
      return ids.size >= 6 ? receivedAt('/hooks/ordered') : undefined;
    });
    const firstTries = seen.filter(
      (m, i) => seen.findIndex((n) => n.headers['webhook-id'] === m.headers['webhook-id']) === i,
    );
    const sequence = firstTries.map((m) => {
      const payload = verify(hook.secret, m);
      return `${payload.type}:${String(payload.data.title)}`;
    });
    // The update's data is the task as it was at fan-out, which may already carry the new title.
    expect(sequence.slice(0, 5)).toEqual(
      titles.map((t, i) => (i === 0 ? expect.stringMatching(/^task.created:one/) : `task.created:${t}`)),
    );
    expect(sequence[5]).toBe('task.updated:one again');
    expect(seen[1]!.headers['webhook-id']).toBe(seen[0]!.headers['webhook-id']); // the retry came before the next
    // The delivery log pages newest first with nextCursor, each delivery once.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '4', ...(cursor ? { cursor } : {}) };
      const page = await sut.http
        .get(`/api/v1/webhooks/${hook.id}/deliveries`)
        .query(query)
        .set(ada.auth)
        .expect(200);
      paged.push(...page.body.items.map((item: Delivery) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toHaveLength(6);
    expect(paged.toReversed()).toEqual(firstTries.map((m) => m.headers['webhook-id']));
    await sut.http
      .get(`/api/v1/webhooks/${hook.id}/deliveries`)
      .query({ cursor: 'bogus' })
      .set(ada.auth)
      .expect(400);
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const hook = await createWebhook(ada, { url: hookUrl('rotated'), events: ['task.created'] });
    receiver.answer = () => 204;
    const rotated = await sut.http.post(`/api/v1/webhooks/${hook.id}/rotate`).set(ada.auth).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await sut.http.post(`/api/v1/webhooks/${hook.id}/test`).set(ada.auth).expect(202);
    const message = await until(() => receivedAt('/hooks/rotated')[0]);
    expect(message.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(hook.secret, message).type).toBe('webhook.test');
    expect(verify(rotated.body.secret, message).type).toBe('webhook.test');
    await sut.http.post(`/api/v1/webhooks/${randomUUID()}/rotate`).set(ada.auth).expect(404);
  });
});

describe('Webhooks without the operator’s opt-in for private targets', () => {
  let sut: TestApp;
  let ada: SignedInUser;

  beforeAll(async () => {
    // A 1 ms base squeezes the day of retries into about 17 s.
    sut = await startTestApp({ WEBHOOK_RETRY_BASE_MS: '1' });
    ada = await signUp(sut);
  });
  afterAll(() => sut?.close());

  it.each([
    'https://127.0.0.1/hooks',
    'https://localhost:8443/hooks',
    'https://[::1]/',
    'https://10.1.2.3/',
    'https://169.254.169.254/',
  ])('refuses %s with a 400 naming url', async (url) => {
    const response = await sut.http
      .post('/api/v1/webhooks')
      .set(ada.auth)
      .send({ url, events: ['task.created'] })
      .expect(400);
    expect(response.body.errors[0].path).toBe('url');
  });

  it('gives up after eleven failed attempts and disables the webhook, saying why', async () => {
    // .invalid never resolves (RFC 6761): every attempt fails without an answer.
    const hook = (
      await sut.http
        .post('/api/v1/webhooks')
        .set(ada.auth)
        .send({ url: 'https://hooks.invalid/', events: ['task.created'] })
        .expect(201)
    ).body as CreatedWebhook;
    const test = await sut.http.post(`/api/v1/webhooks/${hook.id}/test`).set(ada.auth).expect(202);
    const disabled = await until(async () => {
      const response = await sut.http.get(`/api/v1/webhooks/${hook.id}`).set(ada.auth).expect(200);
      return response.body.disabledAt ? (response.body as CreatedWebhook) : undefined;
    }, 45_000);
    expect(disabled.disabledReason).toMatch(/failed 11 times over about a day/);
    const log = await sut.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(ada.auth).expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ id: test.body.id, status: 'failed', attempts: 11, responseStatus: null }),
    ]);
    expect(log.body.items[0].error).toEqual(expect.any(String));
  }, 60_000);
});
