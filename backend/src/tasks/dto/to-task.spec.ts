import { describe, expect, it } from 'vitest';
import { isoFromDriver, type TaskDriverRow, toTask } from './to-task.js';

const driverRow = (overrides: Partial<TaskDriverRow> = {}): TaskDriverRow => ({
  id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a01',
  user_id: '5b1d8c02-1111-4a4a-9b9b-000000000001',
  title: 'Write the "report"',
  description: null,
  completed: false,
  completed_at: null,
  priority: 'medium',
  tags: [],
  due_at: null,
  remind_at: null,
  recurrence: null,
  next_occurrence_id: null,
  deleted_at: null,
  project_id: '7c2e9d03-2222-4b5b-8c8c-000000000002',
  section_id: null,
  parent_id: null,
  position: 'a0',
  assignee_id: null,
  created_by: '5b1d8c02-1111-4a4a-9b9b-000000000001',
  trashed_with_id: null,
  created_at: '2026-11-26 23:31:35.123+00',
  updated_at: '2026-11-26 23:31:35.123+00',
  version: 1,
  ...overrides,
});

describe('isoFromDriver', () => {
  it('gives what new Date(text).toISOString() gives', () => {
    const texts = [
      '2026-11-26 23:31:35.123+00',
      '2026-11-26 23:31:35.12+00',
      '2026-11-26 23:31:35.1+00',
      '2026-11-26 23:31:35+00',
      '2026-01-01 00:00:00.001+00',
      '1999-12-31 23:59:59.999+00',
      '0999-03-04 05:06:07.08+00',
      '2024-02-29 12:00:00.5+00',
      // Other forms take the Date path.
      '2026-11-27 00:31:35.123+01',
      '2026-11-26 18:01:35.123-05:30',
      '10000-01-01 00:00:00+00',
      '1900-01-01 00:00:00+00:09:21',
    ];
    // Whatever Date made of it, value or RangeError, the new path makes too.
    const outcome = (make: () => string) => {
      try {
        return make();
      } catch (error) {
        return (error as Error).name;
      }
    };
    for (const text of texts) {
      expect(
        outcome(() => isoFromDriver(text)),
        text,
      ).toBe(outcome(() => new Date(text).toISOString()));
    }
    expect(isoFromDriver('2026-11-26 23:31:35.12+00')).toBe('2026-11-26T23:31:35.120Z');
  });

  it('agrees with Date for random instants and every fraction length', () => {
    for (let i = 0; i < 2_000; i += 1) {
      const iso = new Date(Math.floor(Math.random() * 8e12) - 1e12).toISOString();
      const [date, time] = iso.slice(0, -1).split('T') as [string, string];
      // PostgreSQL leaves out trailing zeros of the fraction (and a zero fraction altogether).
      const text = `${date} ${time.replace(/\.?0+$/, '')}+00`;
      expect(isoFromDriver(text), text).toBe(iso);
    }
  });

  it('throws where the old path threw (infinity, BC)', () => {
    expect(() => isoFromDriver('infinity')).toThrow(RangeError);
    expect(() => new Date('infinity').toISOString()).toThrow(RangeError);
  });
});

describe('toTask', () => {
  it('maps a row to the API shape: ISO instants, server-only columns left out, keys in the schema order', () => {
    const task = toTask(
      driverRow({
        description: 'notes',
        completed: true,
        completed_at: '2026-11-27 08:00:00+00',
        priority: 'high',
        tags: ['home', 'a b'],
        due_at: '2026-12-01 09:30:00.5+00',
        remind_at: '2026-12-01 09:00:00.25+00',
        recurrence: 'weekly',
        next_occurrence_id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a02',
        deleted_at: '2026-12-02 00:00:00+00',
        updated_at: '2026-11-28 10:11:12.013+00',
        version: 42,
      }),
    );
    expect(JSON.stringify(task)).toBe(
      JSON.stringify({
        id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a01',
        title: 'Write the "report"',
        description: 'notes',
        completed: true,
        completedAt: '2026-11-27T08:00:00.000Z',
        priority: 'high',
        tags: ['home', 'a b'],
        dueAt: '2026-12-01T09:30:00.500Z',
        remindAt: '2026-12-01T09:00:00.250Z',
        recurrence: 'weekly',
        projectId: '7c2e9d03-2222-4b5b-8c8c-000000000002',
        sectionId: null,
        parentId: null,
        position: 'a0',
        assigneeId: null,
        createdBy: '5b1d8c02-1111-4a4a-9b9b-000000000001',
        createdAt: '2026-11-26T23:31:35.123Z',
        updatedAt: '2026-11-28T10:11:12.013Z',
        version: 42,
      }),
    );
  });

  it('reads timestamps written in another session time zone, and array text from a driver that does not parse it', () => {
    const task = toTask(
      driverRow({ due_at: '2026-11-27 00:31:35.123+01', tags: '{work,"two words","q\\"uote"}' }),
    );
    expect(task.dueAt).toBe('2026-11-26T23:31:35.123Z');
    expect(task.tags).toEqual(['work', 'two words', 'q"uote']);
  });
});
