import type { Schemas } from '@todo/openapi';
import { describe, expect, it } from 'vitest';
import { describeActivity } from './activity';

type Entry = Schemas['ActivityEntry'];
const entry = (
  action: Entry['action'],
  changes: Entry['changes'] = {},
  taskId: string | null = 't1',
): Entry => ({
  id: 'e1',
  at: '2026-12-07T10:00:00.000Z',
  actor: { id: 'u1', name: 'Ada' },
  action,
  taskId,
  changes,
});
const titles = (taskId: string) => (taskId === 't1' ? 'Buy milk' : undefined);

describe(describeActivity.name, () => {
  it('names the task by the title the page holds', () => {
    expect(describeActivity(entry('task.completed'), titles)).toBe('completed “Buy milk”');
    expect(describeActivity(entry('task.trashed'), titles)).toBe('moved “Buy milk” to the trash');
  });

  it('falls back to the title in the change, then to "a task"', () => {
    expect(
      describeActivity(entry('task.created', { title: { from: null, to: 'Call Bo' } }, 't2'), titles),
    ).toBe('added “Call Bo”');
    expect(describeActivity(entry('task.reopened', {}, 't2'), titles)).toBe('reopened a task');
  });

  it('says a rename as from → to, and lists other changed fields', () => {
    expect(describeActivity(entry('task.updated', { title: { from: 'Milk', to: 'Oat milk' } }), titles)).toBe(
      'renamed “Milk” to “Oat milk”',
    );
    expect(
      describeActivity(
        entry('task.updated', {
          dueAt: { from: null, to: '2026-12-08T09:00:00.000Z' },
          priority: { from: 4, to: 1 },
        }),
        titles,
      ),
    ).toBe('changed the due date and priority of “Buy milk”');
  });

  it('describes membership and project changes without a task', () => {
    expect(describeActivity(entry('member.joined', {}, null), titles)).toBe('joined the project');
    expect(
      describeActivity(
        entry('member.role_changed', { role: { from: 'editor', to: 'viewer' } }, null),
        titles,
      ),
    ).toBe('made a member a viewer');
    expect(describeActivity(entry('project.updated', { name: { from: 'A', to: 'B' } }, null), titles)).toBe(
      'changed the project’s name',
    );
  });
});
