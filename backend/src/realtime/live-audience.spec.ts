import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/task-event-log.js';
import { LiveAudience } from './live-audience.js';

let nextId = 1;
const taskEvent = (projectId: string | null, userId = 'actor'): RecordedEvent => ({
  id: nextId++,
  userId,
  type: 'task.created',
  taskId: 'task',
  projectId,
});
const memberEvent = (
  type: 'member.added' | 'member.removed',
  projectId: string,
  subjectId: string,
): RecordedEvent => ({
  id: nextId++,
  userId: 'owner',
  type,
  projectId,
  subjectId,
  taskId: null,
});

describe(LiveAudience.name, () => {
  it('sends a project’s events to its connected members and an event without a project to its author', () => {
    const sut = new LiveAudience();
    sut.join('ann', ['p', 'inbox-ann']);
    sut.join('bob', ['p']);
    expect(sut.apply(taskEvent('p')).sort()).toEqual(['ann', 'bob']);
    expect(sut.apply(taskEvent('inbox-ann'))).toEqual(['ann']);
    expect(sut.apply(taskEvent(null, 'bob'))).toEqual(['bob']);
    expect(sut.apply(taskEvent(null, 'carl'))).toEqual([]);
    expect(sut.mayConcern(taskEvent('elsewhere'))).toBe(false);
  });

  it('adds a joining member before their member.added and drops a removed one after their member.removed', () => {
    const sut = new LiveAudience();
    sut.join('ann', ['inbox-ann']);
    const added = memberEvent('member.added', 'p', 'ann');
    expect(sut.mayConcern(added)).toBe(true);
    expect(sut.apply(added)).toEqual(['ann']);
    expect(sut.apply(taskEvent('p'))).toEqual(['ann']);
    expect(sut.apply(memberEvent('member.removed', 'p', 'ann'))).toEqual(['ann']);
    expect(sut.apply(taskEvent('p'))).toEqual([]);
    expect(sut.projectsOf('ann')).toEqual(new Set(['inbox-ann']));
  });

  it('forgets a user who leaves, and ignores member events of users not connected', () => {
    const sut = new LiveAudience();
    sut.join('ann', ['p']);
    expect(sut.mayConcern(memberEvent('member.added', 'q', 'bob'))).toBe(false);
    expect(sut.apply(memberEvent('member.added', 'p', 'bob'))).toEqual(['ann']);
    sut.leave('ann');
    expect(sut.has('ann')).toBe(false);
    expect(sut.mayConcern(taskEvent('p'))).toBe(false);
  });
});
