import { describe, expect, it } from 'vitest';
import type { Task } from './dto/task.schemas.js';
import { updateActivity } from './task-activity.js';

const task = {
  id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
  title: 'Draft',
  description: null,
  completed: false,
  priority: 'medium',
  tags: [],
  dueAt: '2027-01-01T09:00:00.000Z',
  remindAt: null,
  recurrence: null,
  assigneeId: null,
  version: 3,
} as unknown as Task;
const bump = { updatedAt: new Date(), version: 4 };

describe(updateActivity.name, () => {
  it('names each changed field with its value before and after, instants as ISO strings', () => {
    expect(
      updateActivity(task, {
        ...bump,
        title: 'Final',
        dueAt: new Date('2027-01-02T09:00:00.000Z'),
        tags: ['x'],
      }),
    ).toEqual({
      action: 'task.updated',
      changes: {
        title: { from: 'Draft', to: 'Final' },
        tags: { from: [], to: ['x'] },
        dueAt: { from: '2027-01-01T09:00:00.000Z', to: '2027-01-02T09:00:00.000Z' },
      },
    });
  });

  it('leaves out fields set to the value they had, and has no entry when nothing changed', () => {
    expect(updateActivity(task, { ...bump, title: 'Draft', tags: [], remindAt: null })).toBeUndefined();
  });

  it('calls a completion task.completed and a reopening task.reopened, with what else changed', () => {
    expect(
      updateActivity(task, { ...bump, completed: true, completedAt: new Date(), priority: 'high' }),
    ).toEqual({
      action: 'task.completed',
      changes: { completed: { from: false, to: true }, priority: { from: 'medium', to: 'high' } },
    });
    const done = { ...task, completed: true } as Task;
    expect(updateActivity(done, { ...bump, completed: false, completedAt: null })).toEqual({
      action: 'task.reopened',
      changes: { completed: { from: true, to: false } },
    });
  });
});
