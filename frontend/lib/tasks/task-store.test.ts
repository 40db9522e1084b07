import { describe, expect, it } from 'vitest';
import { aTask } from './task.factory';
import { applyPatch, initTaskState, taskReducer } from './task-store';

describe('taskReducer', () => {
  it('keeps the newer version when a late event arrives', () => {
    const t = aTask({ version: 3, title: 'new' });
    const state = initTaskState([t]);
    const after = taskReducer(state, { type: 'upsert', task: { ...t, version: 2, title: 'old' } });
    expect(after.byId[t.id]!.title).toBe('new');
    expect(
      taskReducer(state, { type: 'upsert', task: { ...t, version: 4, title: 'newer' } }).byId[t.id]!.title,
    ).toBe('newer');
  });
  it('replace always wins (optimistic updates and rollbacks)', () => {
    const t = aTask({ version: 3 });
    const state = initTaskState([t]);
    expect(
      taskReducer(state, { type: 'replace', task: { ...t, version: 1, title: 'rolled back' } }).byId[t.id]!
        .title,
    ).toBe('rolled back');
  });
  it('removes, and ignores removing what is not there', () => {
    const t = aTask();
    const state = initTaskState([t]);
    expect(taskReducer(state, { type: 'remove', id: t.id }).byId).toEqual({});
    expect(taskReducer(state, { type: 'remove', id: 'nope' })).toBe(state);
  });
  it('starts unloaded without server data', () => {
    expect(initTaskState(null).loaded).toBe(false);
    expect(initTaskState([]).loaded).toBe(true);
  });
});

describe('applyPatch', () => {
  it('stamps completedAt when completing and clears it when reopening', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const done = applyPatch(aTask(), { completed: true }, at);
    expect(done.completedAt).toBe(at.toISOString());
    expect(applyPatch(done, { completed: false }, at).completedAt).toBeNull();
  });
});
