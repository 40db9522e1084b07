import { describe, expect, it } from 'vitest';
import { aTask } from './task.factory';
import {
  enqueue,
  isStuck,
  retryDelayMs,
  withQueuedChanges,
  type QueuedCreate,
  type QueuedUpdate,
} from './outbox';

const create = (over: Partial<QueuedCreate> = {}): QueuedCreate => ({
  kind: 'create',
  tempId: 'temp-1',
  idempotencyKey: 'key-1',
  body: { title: 'Buy milk', tags: ['home'], priority: 'high' },
  attempts: 1,
  queuedAt: '2026-12-06T10:00:00.000Z',
  ...over,
});
const update = (over: Partial<QueuedUpdate> = {}): QueuedUpdate => ({
  kind: 'update',
  taskId: 't1',
  version: 3,
  patch: { title: 'Renamed' },
  attempts: 1,
  queuedAt: '2026-12-06T10:00:00.000Z',
  ...over,
});

describe('enqueue', () => {
  it('merges a second change of a waiting task into the first, keeping its version (one If-Match)', () => {
    const queued = enqueue([update()], update({ version: 3, patch: { completed: true } }));
    expect(queued).toEqual([update({ patch: { title: 'Renamed', completed: true } })]);
    expect(enqueue(queued, update({ version: 9, patch: { title: 'Again' } }))[0]).toMatchObject({
      version: 3,
      patch: { title: 'Again', completed: true },
    });
  });

  it('keeps creates and changes of other tasks apart, in the order they were made', () => {
    const queued = enqueue(enqueue([create()], update({ taskId: 't2' })), create({ tempId: 'temp-2' }));
    expect(queued.map((e) => (e.kind === 'create' ? e.tempId : e.taskId))).toEqual([
      'temp-1',
      't2',
      'temp-2',
    ]);
  });
});

describe('withQueuedChanges', () => {
  it('shows a waiting create as a placeholder row and a waiting update over the server’s task', () => {
    const task = aTask({ id: 't1', title: 'Old', version: 3 });
    const shown = withQueuedChanges({ t1: task }, [create(), update({ patch: { completed: true } })]);
    expect(shown['temp-1']).toMatchObject({
      id: 'temp-1',
      title: 'Buy milk',
      tags: ['home'],
      priority: 'high',
      createdAt: '2026-12-06T10:00:00.000Z',
    });
    expect(shown.t1).toMatchObject({ title: 'Old', completed: true, version: 3 });
    expect(shown.t1!.completedAt).toBe('2026-12-06T10:00:00.000Z');
  });

  it('shows nothing for a waiting update of a task that is gone, and leaves the input alone', () => {
    const byId = {};
    expect(withQueuedChanges(byId, [update()])).toEqual({});
    expect(withQueuedChanges(byId, [])).toBe(byId);
  });
});

describe('retries', () => {
  it('back off from 2 s to at most a minute, and a change is stuck after three failed attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([
      2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(isStuck(create({ attempts: 2 }))).toBe(false);
    expect(isStuck(create({ attempts: 3 }))).toBe(true);
  });
});
