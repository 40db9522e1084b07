import { describe, expect, it } from 'vitest';
import { canChangeTask, viewerProjectIds } from './roles';

const projects = [
  { id: 'mine', role: 'owner' as const },
  { id: 'shared', role: 'editor' as const },
  { id: 'looked-at', role: 'viewer' as const },
];

describe('viewerProjectIds', () => {
  it('holds only the projects the person may only view', () => {
    expect([...viewerProjectIds(projects)]).toEqual(['looked-at']);
  });

  it('is empty before the projects are read', () => {
    expect(viewerProjectIds(null).size).toBe(0);
  });
});

describe('canChangeTask', () => {
  const viewerOf = viewerProjectIds(projects);

  it('refuses a task of a project the person only views', () => {
    expect(canChangeTask({ projectId: 'looked-at' }, viewerOf)).toBe(false);
  });

  it.each(['mine', 'shared'])('allows a task of a project the person is %s of', (projectId) => {
    expect(canChangeTask({ projectId }, viewerOf)).toBe(true);
  });

  // A project the list does not have yet (just made, or just joined) is not known to be read-only; the API still
  // answers 403 should it be, and the list is read again after every change.
  it('allows a task of a project the list does not have', () => {
    expect(canChangeTask({ projectId: 'new' }, viewerOf)).toBe(true);
  });
});
