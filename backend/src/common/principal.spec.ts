import { describe, expect, it } from 'vitest';
import { Forbidden, InsufficientScope } from './app-errors.js';
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
      new InsufficientScope('tasks:write', 'This personal access token lacks the `tasks:write` scope.'),
    );
  });

  it('holds an OAuth access token to the same rules, and names the scope in the step-up challenge', () => {
    const oauth: Principal = { userId: 'u', via: 'oauth', scopes: ['tasks:read'] };
    expect(() => assertPermitted(oauth, 'tasks:read')).not.toThrow();
    expect(() => assertPermitted(oauth, undefined)).toThrow(Forbidden);
    try {
      assertPermitted(oauth, 'tasks:write');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InsufficientScope);
      expect((error as InsufficientScope).headers).toEqual({
        'www-authenticate': 'Bearer error="insufficient_scope", scope="tasks:write"',
      });
      expect((error as InsufficientScope).message).toBe(
        'This OAuth access token lacks the `tasks:write` scope.',
      );
    }
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
