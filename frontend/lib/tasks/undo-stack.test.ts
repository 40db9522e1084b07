import { describe, expect, it, vi } from 'vitest';
import { aTask } from './task.factory';
import { undoEditPatch, UndoStack, type UndoAction } from './undo-stack';

const action = (over: Partial<UndoAction> = {}): UndoAction => ({
  kind: 'edit',
  taskId: 't1',
  done: Promise.resolve(true),
  undo: vi.fn(async () => true),
  ...over,
});

describe(UndoStack.name, () => {
  it('takes back the newest change first, each one once', async () => {
    const sut = new UndoStack();
    const older = action({ kind: 'complete' });
    const newer = action({ kind: 'edit' });
    sut.push(older);
    sut.push(newer);
    expect(sut.peek()?.kind).toBe('edit');
    expect(await sut.undoLast()).toBe(true);
    expect(newer.undo).toHaveBeenCalledTimes(1);
    expect(older.undo).not.toHaveBeenCalled();
    expect(await sut.undoLast()).toBe(true);
    expect(older.undo).toHaveBeenCalledTimes(1);
    expect(sut.undoLast()).toBe(false);
  });

  it('an entry run from its toast is gone from the stack, and a second run does nothing', async () => {
    const sut = new UndoStack();
    const a = action();
    const entry = sut.push(a);
    expect(await entry.run()).toBe(true);
    expect(await entry.run()).toBe(false);
    expect(sut.size).toBe(0);
    expect(a.undo).toHaveBeenCalledTimes(1);
  });

  it('an undo pressed before the change is done waits for it', async () => {
    let finish!: (ok: boolean) => void;
    const a = action({ done: new Promise((r) => (finish = r)) });
    const sut = new UndoStack();
    sut.push(a);
    const undoing = sut.undoLast();
    await Promise.resolve();
    expect(a.undo).not.toHaveBeenCalled();
    finish(true);
    expect(await undoing).toBe(true);
    expect(a.undo).toHaveBeenCalledTimes(1);
  });

  it('a refused change leaves the stack, so Ctrl+Z reaches the one before it', async () => {
    const sut = new UndoStack();
    const before = action({ kind: 'delete' });
    sut.push(before);
    sut.push(action({ kind: 'move', done: Promise.resolve(false) }));
    await Promise.resolve();
    await Promise.resolve();
    expect(sut.size).toBe(1);
    expect(sut.peek()?.kind).toBe('delete');
  });

  it('keeps at most `limit` entries, dropping the oldest', () => {
    const sut = new UndoStack(2);
    sut.push(action({ taskId: 'a' }));
    sut.push(action({ taskId: 'b' }));
    sut.push(action({ taskId: 'c' }));
    expect(sut.size).toBe(2);
    expect(sut.peek()?.taskId).toBe('c');
  });
});

describe(undoEditPatch.name, () => {
  const before = aTask({ title: 'Plan', description: null, tags: ['home'], version: 3 });
  const after = { ...before, description: 'Call the venue', tags: ['home', 'work'], version: 4 };
  const edit = { description: 'Call the venue', tags: ['home', 'work'] };

  it('gives the edited fields as they were before', () => {
    expect(undoEditPatch(after, before, after, edit)).toEqual({ description: null, tags: ['home'] });
  });

  it('still applies when only other fields changed since', () => {
    const current = { ...after, priority: 'high' as const, version: 5 };
    expect(undoEditPatch(current, before, after, edit)).toEqual({ description: null, tags: ['home'] });
  });

  it('is null when an edited field changed since (that later change is not overwritten)', () => {
    const current = { ...after, description: 'Venue booked', version: 5 };
    expect(undoEditPatch(current, before, after, edit)).toBeNull();
  });

  it('compares dates as instants', () => {
    const b = aTask({ dueAt: null });
    const a = { ...b, dueAt: '2030-05-06T07:30:00.000Z' };
    const current = { ...a, dueAt: '2030-05-06T09:30:00+02:00' };
    expect(undoEditPatch(current, b, a, { dueAt: '2030-05-06T07:30:00.000Z' })).toEqual({ dueAt: null });
  });
});
