import { describe, expect, it } from 'vitest';
import { aTask } from '../tasks/task.factory';
import { buildTree, descendantIds, previousSibling, visibleRows, type Section } from './tree';

const section = (id: string, name: string, position: string): Section => ({
  id,
  name,
  position,
  projectId: 'p',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('project tree', () => {
  const s1 = section('s1', 'Later', 'a2');
  const s0 = section('s0', 'Now', 'a1');
  const loose = aTask({ title: 'loose', position: 'a0' });
  const b = aTask({ title: 'b', sectionId: 's0', position: 'a2' });
  const a = aTask({ title: 'a', sectionId: 's0', position: 'a1' });
  const child = aTask({ title: 'child', sectionId: 's0', parentId: a.id, position: 'a0' });
  const grandchild = aTask({ title: 'grandchild', sectionId: 's0', parentId: child.id, position: 'a0' });
  const later = aTask({ title: 'later', sectionId: 's1', position: 'a0' });
  const all = [later, grandchild, b, child, loose, a];

  it('lists loose tasks first, then sections in order, each sibling group by position, subtasks under parents', () => {
    const rows = visibleRows(buildTree(all, true), [s1, s0], new Set());
    expect(
      rows.map((r) =>
        r.kind === 'section' ? `#${r.section.name}(${r.count})` : `${r.depth}:${r.task.title}`,
      ),
    ).toEqual(['1:loose', '#Now(4)', '1:a', '2:child', '3:grandchild', '1:b', '#Later(1)', '1:later']);
  });

  it('folds a collapsed task and a collapsed section', () => {
    const rows = visibleRows(buildTree(all, true), [s0, s1], new Set([a.id, 's1']));
    expect(rows.map((r) => (r.kind === 'section' ? `#${r.section.name}` : r.task.title))).toEqual([
      'loose',
      '#Now',
      'a',
      'b',
      '#Later',
    ]);
  });

  it('holds back a subtask whose parent is not read yet, and shows it once every page is read', () => {
    expect(visibleRows(buildTree([child], false), [s0], new Set()).map((r) => r.kind)).toEqual(['section']);
    expect(visibleRows(buildTree([child], true), [s0], new Set()).map((r) => r.key)).toEqual([
      's0',
      child.id,
    ]);
  });

  it('finds the previous sibling and the descendants', () => {
    const tree = buildTree(all, true);
    expect(previousSibling(tree, b)?.id).toBe(a.id);
    expect(previousSibling(tree, a)).toBeUndefined();
    expect(descendantIds(tree, a.id)).toEqual([child.id, grandchild.id]);
  });
});
