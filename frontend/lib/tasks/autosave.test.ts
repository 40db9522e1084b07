import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, savablePatch } from './autosave';
import { aTask } from './task.factory';
import { draftFromTask } from './validation';

/** A save that stays in flight until the test lets it finish. */
function heldSaves() {
  const finishers: (() => void)[] = [];
  const save = vi.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { save, finishNext: () => finishers.shift()?.() };
}

describe(createAutosave.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after the quiet time, however many changes came before it', async () => {
    const save = vi.fn(async () => {});
    const sut = createAutosave(save, 600);
    sut.schedule();
    await vi.advanceTimersByTimeAsync(400);
    sut.schedule();
    await vi.advanceTimersByTimeAsync(400);
    expect(save).not.toHaveBeenCalled();
    expect(sut.busy()).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(save).toHaveBeenCalledTimes(1);
    expect(sut.busy()).toBe(false);
  });

  it('flush saves a waiting change at once and resolves when it is saved', async () => {
    const { save, finishNext } = heldSaves();
    const sut = createAutosave(save, 600);
    sut.schedule();
    let flushed = false;
    const flushing = sut.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    expect(flushed).toBe(false);
    finishNext();
    await flushing;
    expect(flushed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1); // the debounce timer was dropped, not run a second time
  });

  it('runs one save at a time; a change made during a save is saved after it, also by flush', async () => {
    const { save, finishNext } = heldSaves();
    const sut = createAutosave(save, 600);
    sut.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    sut.schedule(); // typed more while the first save is in flight
    const flushing = sut.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    finishNext();
    await flushing;
    expect(sut.busy()).toBe(false);
  });

  it('a change whose quiet time ends during a save waits for that save', async () => {
    const { save, finishNext } = heldSaves();
    const sut = createAutosave(save, 100);
    sut.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    sut.schedule();
    await vi.advanceTimersByTimeAsync(200);
    expect(save).toHaveBeenCalledTimes(1);
    finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    finishNext();
  });

  it('flush with nothing waiting does not save; cancel forgets a waiting change', async () => {
    const save = vi.fn(async () => {});
    const sut = createAutosave(save, 600);
    await sut.flush();
    sut.schedule();
    sut.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    await sut.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it('a failed save does not stop the next one', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const sut = createAutosave(save, 10);
    sut.schedule();
    await vi.advanceTimersByTimeAsync(10);
    sut.schedule();
    await sut.flush();
    expect(save).toHaveBeenCalledTimes(2);
  });
});

describe(savablePatch.name, () => {
  it('sends only the changed fields', () => {
    const task = aTask({ title: 'Report', description: null });
    const draft = { ...draftFromTask(task), description: 'First the outline', priority: 'high' as const };
    expect(savablePatch(task, draft)).toEqual({
      patch: { description: 'First the outline', priority: 'high' },
      errors: {},
    });
  });

  it('holds back a field with an error and saves the rest', () => {
    const task = aTask({ title: 'Report' });
    const draft = { ...draftFromTask(task), title: '  ', description: 'Notes still count' };
    const { patch, errors } = savablePatch(task, draft);
    expect(patch).toEqual({ description: 'Notes still count' });
    expect(errors.title).toBe('Give the task a title.');
  });

  it('holds back a repeat together with the missing due date it needs', () => {
    const task = aTask({ dueAt: null });
    const draft = { ...draftFromTask(task), recurrence: 'weekly' as const, tags: ['home'] };
    expect(savablePatch(task, draft).patch).toEqual({ tags: ['home'] });
  });
});
