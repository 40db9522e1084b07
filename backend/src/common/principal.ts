import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Forbidden, InsufficientScope } from './app-errors.js';

export type TokenScope = 'tasks:read' | 'tasks:write';
export const TOKEN_SCOPES = ['tasks:read', 'tasks:write'] as const satisfies readonly TokenScope[];
/** What a route or tool asks of a personal access token; `any` admits every token. */
export type ScopeRequirement = TokenScope | 'any';

/**
 * Who is calling: a signed-in session (access token), or a personal access token or an OAuth access token (an
 * agent the person connected) with its scopes. The two kinds of agent token follow the same scope rules.
 */
export interface Principal {
  userId: string;
  via: 'session' | 'personal-access-token' | 'oauth';
  scopes: readonly TokenScope[];
  tokenId?: string;
  /** Sessions only: when the person last entered their password, if the token says. */
  authTime?: Date;
  /** OAuth access tokens only: the grant (the person's consent to one client) the token belongs to. */
  grantId?: string;
  /** Sessions only: the refresh-token family the access token was issued in (its `sid` claim). */
  sessionId?: string;
  /** When the presented credential stops being accepted; undefined for tokens that never expire. */
  expiresAt?: Date;
}

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_SCOPE = 'auth:scope';

/** No bearer token needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * What a personal access token needs to call this route. Routes without it are for signed-in sessions only
 * (so tokens cannot mint tokens). `any` admits every personal access token.
 */
export const Scope = (scope: ScopeRequirement) => SetMetadata(REQUIRED_SCOPE, scope);

/**
 * The one scope rule, for REST routes (the auth guard) and MCP tools alike. A signed-in session may do everything;
 * a personal access token needs the declared scope (`tasks:write` implies `tasks:read`), and is refused where
 * nothing is declared (`required` undefined: signed-in sessions only).
 */
export function assertPermitted(principal: Principal, required: ScopeRequirement | undefined): void {
  if (principal.via === 'session' || required === 'any') return;
  const kind = principal.via === 'oauth' ? 'OAuth access token' : 'personal access token';
  if (required === undefined) {
    throw new Forbidden(`${kind[0]!.toUpperCase()}${kind.slice(1)}s cannot use this route; sign in instead.`);
  }
  const granted =
    principal.scopes.includes(required) ||
    (required === 'tasks:read' && principal.scopes.includes('tasks:write'));
  if (!granted) throw new InsufficientScope(required, `This ${kind} lacks the \`${required}\` scope.`);
}

export const principalOf = (request: FastifyRequest): Principal | undefined =>
  (request as FastifyRequest & { principal?: Principal }).principal;

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('CurrentUser used on a public route');
  return principal;
});
