import { describe, expect, it } from 'vitest';
import { aTask } from './task.factory';
import { checkQuickAdd } from './quick-add';
import { defaultFilter, visibleTasksHolding } from './filters';

const words = (n: number) => 'word '.repeat(n).trim();

describe('checkQuickAdd: the length rule applies to the title without its tokens', () => {
  it('keeps the tag and priority of a 263-character entry and refuses its 251-character title', () => {
    const input = `${'x'.repeat(251)} #work !high`;
    expect(input).toHaveLength(263);
    const { task, error, counter } = checkQuickAdd(input);
    expect(task).toEqual({ title: 'x'.repeat(251), tags: ['work'], priority: 'high' });
    expect(error).toMatch(/up to 200 characters; this one has 251/);
    expect(counter).toBe('251/200');
  });

  it('accepts an entry over 200 characters whose title is within 200 once tokens are out', () => {
    const title = 'y'.repeat(195);
    const { task, error, counter } = checkQuickAdd(`${title} #errands #home !low`);
    expect(error).toBeUndefined();
    expect(task).toEqual({ title, tags: ['errands', 'home'], priority: 'low' });
    expect(counter).toBe('195/200');
  });

  it('shows the counter from 180 characters of title on, never below', () => {
    expect(checkQuickAdd(`${'z'.repeat(179)} #a`).counter).toBeUndefined();
    expect(checkQuickAdd('z'.repeat(180)).counter).toBe('180/200');
    expect(checkQuickAdd('z'.repeat(200)).error).toBeUndefined();
    expect(checkQuickAdd('z'.repeat(201)).error).toBeDefined();
    expect(checkQuickAdd(words(3)).counter).toBeUndefined();
  });
});

describe('visibleTasksHolding', () => {
  it('keeps a just-completed task where it was in the active view until it is let go', () => {
    const a = aTask({ id: 'a', title: 'A', createdAt: '2030-01-03T00:00:00Z' });
    const b = aTask({ id: 'b', title: 'B', createdAt: '2030-01-02T00:00:00Z' });
    const c = aTask({ id: 'c', title: 'C', createdAt: '2030-01-01T00:00:00Z' });
    const doneB = { ...b, completed: true, completedAt: '2030-01-04T00:00:00Z' };
    const now = new Date('2030-01-05T00:00:00Z');
    const held = visibleTasksHolding([a, doneB, c], defaultFilter, now, new Map([['b', b]]));
    expect(held.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(held[1]?.completed).toBe(true);
    expect(visibleTasksHolding([a, doneB, c], defaultFilter, now, new Map()).map((t) => t.id)).toEqual([
      'a',
      'c',
    ]);
  });
});
