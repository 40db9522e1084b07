import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export type TokenScope = 'tasks:read' | 'tasks:write';
export const TOKEN_SCOPES = ['tasks:read', 'tasks:write'] as const satisfies readonly TokenScope[];

/** Who is calling: a signed-in session (access token) or a personal access token with its scopes. */
export interface Principal {
  userId: string;
  via: 'session' | 'personal-access-token';
  scopes: readonly TokenScope[];
  tokenId?: string;
  /** Sessions only: when the person last entered their password, if the token says. */
  authTime?: Date;
}

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_SCOPE = 'auth:scope';

/** No bearer token needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * What a personal access token needs to call this route. Routes without it are for signed-in sessions only
 * (so tokens cannot mint tokens). `any` admits every personal access token.
 */
export const Scope = (scope: TokenScope | 'any') => SetMetadata(REQUIRED_SCOPE, scope);

export const principalOf = (request: FastifyRequest): Principal | undefined =>
  (request as FastifyRequest & { principal?: Principal }).principal;

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('CurrentUser used on a public route');
  return principal;
});
