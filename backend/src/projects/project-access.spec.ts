import { describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from '../common/app-errors.js';
import { type ProjectNeed, ProjectAccess, type ProjectRole } from './project-access.js';

describe(ProjectAccess.name, () => {
  describe('decide', () => {
    const cases: [ProjectRole, ProjectNeed, boolean][] = [
      ['owner', 'read', true],
      ['owner', 'write', true],
      ['owner', 'own', true],
      ['editor', 'read', true],
      ['editor', 'write', true],
      ['editor', 'own', false],
      ['viewer', 'read', true],
      ['viewer', 'write', false],
      ['viewer', 'own', false],
    ];

    it.each(cases)('lets an %s %s: %s (else 403)', (role, need, allowed) => {
      if (allowed) expect(ProjectAccess.decide(role, need)).toBe(role);
      else expect(() => ProjectAccess.decide(role, need)).toThrow(Forbidden);
    });

    it('answers a non-member 404, naming what was asked for, whatever the need', () => {
      for (const need of ['read', 'write', 'own'] as const) {
        expect(() => ProjectAccess.decide(undefined, need, 'Task')).toThrow(NotFound);
        expect(() => ProjectAccess.decide(null, need)).toThrow('Project was not found.');
      }
    });
  });

  it('filters lists by the same roles it decides by', () => {
    expect(ProjectAccess.rolesFor('write')).toEqual(['owner', 'editor']);
    expect(ProjectAccess.rolesFor('read')).toEqual(['owner', 'editor', 'viewer']);
  });
});
