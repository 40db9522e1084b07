import { describe, expect, it } from 'vitest';
import { fieldErrors, problemMessage } from '../api/problem';
import { dueReminders, msUntilNextReminder, reminderKey } from './reminders';
import { aTask } from './task.factory';
import { addTags, draftFromTask, draftPatch, validateDraft } from './validation';

describe('task form', () => {
  it('validates like the API', () => {
    const d = draftFromTask(aTask());
    expect(validateDraft({ ...d, title: '  ' }).title).toBeDefined();
    expect(validateDraft({ ...d, title: 'x'.repeat(201) }).title).toMatch(/200/);
    expect(validateDraft({ ...d, recurrence: 'daily', dueAt: null }).dueAt).toBeDefined();
    expect(
      validateDraft({ ...d, dueAt: '2026-01-01T10:00:00Z', remindAt: '2026-01-02T10:00:00Z' }).remindAt,
    ).toBeDefined();
    expect(validateDraft({ ...d, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }).tags).toBeDefined();
  });
  it('sends only what changed', () => {
    const t = aTask({ title: 'A', dueAt: '2026-01-01T10:00:00Z' });
    const d = draftFromTask(t);
    expect(draftPatch(t, d)).toEqual({});
    expect(draftPatch(t, { ...d, dueAt: '2026-01-01T11:00:00+01:00' })).toEqual({});
    expect(draftPatch(t, { ...d, title: ' B ', description: '', tags: ['x'] })).toEqual({
      title: 'B',
      tags: ['x'],
    });
  });
  it('normalises tags', () => {
    expect(addTags(['home'], ' #Home, Big Deal ,,')).toEqual(['home', 'big-deal']);
  });
});

describe('reminders', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('fires each due reminder once, within the grace window, for open tasks only', () => {
    const due = aTask({ remindAt: '2026-03-10T11:59:00Z' });
    const old = aTask({ remindAt: '2026-03-10T09:00:00Z' });
    const done = aTask({ remindAt: '2026-03-10T11:59:00Z', completed: true });
    const future = aTask({ remindAt: '2026-03-10T12:00:30Z' });
    expect(dueReminders([due, old, done, future], now, new Set())).toEqual([due]);
    expect(dueReminders([due], now, new Set([reminderKey(due)]))).toEqual([]);
    expect(msUntilNextReminder([due, future], now)).toBe(30_000);
  });
});

describe('problem details', () => {
  it('maps field errors and messages', () => {
    const p = {
      status: 400,
      title: 'Bad',
      detail: 'Invalid',
      errors: [
        { path: 'tags.2', message: 'too long' },
        { path: 'title', message: 'empty' },
      ],
    };
    expect(fieldErrors(p)).toEqual({ tags: 'too long', title: 'empty' });
    expect(problemMessage(p)).toBe('Invalid');
    expect(problemMessage({ status: 429 })).toMatch(/Too many/);
    expect(problemMessage(undefined)).toMatch(/went wrong/);
  });
});
