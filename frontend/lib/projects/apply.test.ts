import { describe, expect, it } from 'vitest';
import { aTask } from '../tasks/task.factory';
import { applyTask, descendantsIn, removeTasks } from './apply';
import type { Task } from './tree';

const scope = { projectId: 'p', showCompleted: false };
const mapOf = (...tasks: Task[]) => new Map(tasks.map((t) => [t.id, t]));

describe('applying a task to the project page', () => {
  const parent = aTask({ title: 'parent', projectId: 'p', sectionId: 's0', version: 1 });
  const child = aTask({ title: 'child', projectId: 'p', sectionId: 's0', parentId: parent.id, version: 1 });
  const grandchild = aTask({ title: 'gc', projectId: 'p', sectionId: 's0', parentId: child.id, version: 1 });
  const other = aTask({ title: 'other', projectId: 'p', version: 1 });
  const shown = mapOf(parent, child, grandchild, other);

  it('finds descendants at every level', () => {
    expect(descendantsIn(shown, parent.id)).toEqual([child.id, grandchild.id]);
  });

  it('a move to another section carries the subtasks along, without reading them again', () => {
    const { tasks, arrived } = applyTask(shown, { ...parent, sectionId: 's1', version: 2 }, scope);
    expect(arrived).toBe(false);
    expect([parent, child, grandchild].map((t) => tasks.get(t.id)?.sectionId)).toEqual(['s1', 's1', 's1']);
    expect(tasks.get(other.id)).toBe(other);
  });

  it('a move to another project takes the task and its subtasks out of view', () => {
    const { tasks } = applyTask(shown, { ...parent, projectId: 'q', version: 2 }, scope);
    expect([...tasks.keys()]).toEqual([other.id]);
  });

  it('completing hides the task with its subtasks unless completed ones show', () => {
    const done = { ...parent, completed: true, completedAt: '2026-01-01T00:00:00.000Z', version: 2 };
    expect([...applyTask(shown, done, scope).tasks.keys()]).toEqual([other.id]);
    expect(applyTask(shown, done, { ...scope, showCompleted: true }).tasks.get(parent.id)).toEqual(done);
  });

  it('a task from elsewhere arrives (its subtasks need reading); an older version is ignored', () => {
    const incoming = aTask({ title: 'in', projectId: 'p', version: 3 });
    const applied = applyTask(shown, incoming, scope);
    expect(applied.arrived).toBe(true);
    expect(applied.tasks.get(incoming.id)).toBe(incoming);
    const stale = applyTask(shown, { ...other, title: 'old', version: 0 }, scope);
    expect(stale.tasks).toBe(shown);
  });

  it('a task of another project that is not shown changes nothing', () => {
    const elsewhere = aTask({ title: 'x', projectId: 'q' });
    expect(applyTask(shown, elsewhere, scope).tasks).toBe(shown);
  });

  it('removing a task removes its subtasks', () => {
    expect([...removeTasks(shown, [child.id]).keys()]).toEqual([parent.id, other.id]);
  });
});
