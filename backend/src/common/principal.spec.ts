import { describe, expect, it } from 'vitest';
import { Forbidden } from './app-errors.js';
import { assertPermitted, type Principal, type TokenScope } from './principal.js';

const session: Principal = { userId: 'u', via: 'session', scopes: ['tasks:read', 'tasks:write'] };
const token = (...scopes: TokenScope[]): Principal => ({ userId: 'u', via: 'personal-access-token', scopes });

describe(assertPermitted.name, () => {
  it('lets a signed-in session do everything, session-only routes included', () => {
    for (const required of ['tasks:read', 'tasks:write', 'any', undefined] as const) {
      expect(() => assertPermitted(session, required)).not.toThrow();
    }
  });

  it('gives a read-only token reads and refuses it writes, naming the missing scope', () => {
    expect(() => assertPermitted(token('tasks:read'), 'tasks:read')).not.toThrow();
    expect(() => assertPermitted(token('tasks:read'), 'tasks:write')).toThrow(
      new Forbidden('This personal access token lacks the `tasks:write` scope.'),
    );
  });

  it('lets tasks:write imply tasks:read, and not the other way round', () => {
    expect(() => assertPermitted(token('tasks:write'), 'tasks:read')).not.toThrow();
    expect(() => assertPermitted(token('tasks:write'), 'tasks:write')).not.toThrow();
  });

  it('admits every token where any scope will do, and none where nothing is declared', () => {
    expect(() => assertPermitted(token('tasks:read'), 'any')).not.toThrow();
    expect(() => assertPermitted(token('tasks:read', 'tasks:write'), undefined)).toThrow(Forbidden);
  });
});
