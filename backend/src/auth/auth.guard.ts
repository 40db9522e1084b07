import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../common/app-errors.js';
import { PAT_PREFIX, TokensService } from '../tokens/tokens.service.js';
import { AccessTokens } from './access-tokens.js';
import { IS_PUBLIC, type Principal, REQUIRED_SCOPE, type TokenScope } from './principal.js';

/**
 * Global guard: every route needs a bearer token unless marked @Public(). Personal access tokens are admitted
 * only where @Scope() allows, and writes need `tasks:write`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokens,
    private readonly personalTokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = await this.authenticate(bearerOf(request));
    if (!principal) throw new Unauthorized();
    if (principal.via === 'personal-access-token') {
      const required = this.reflector.getAllAndOverride<TokenScope | 'any' | undefined>(
        REQUIRED_SCOPE,
        targets,
      );
      assertScope(principal, required);
    }
    request.principal = principal;
    (request.raw as typeof request.raw & { userId?: string }).userId = principal.userId;
    return true;
  }

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined;
    if (token.startsWith(PAT_PREFIX)) return this.personalTokens.authenticate(token);
    const access = await this.accessTokens.verify(token);
    return access && { ...access, via: 'session', scopes: ['tasks:read', 'tasks:write'] };
  }
}

function assertScope(principal: Principal, required: TokenScope | 'any' | undefined): void {
  if (required === undefined) {
    throw new Forbidden('Personal access tokens cannot use this route; sign in instead.');
  }
  if (required === 'any') return;
  const granted =
    principal.scopes.includes(required) ||
    (required === 'tasks:read' && principal.scopes.includes('tasks:write'));
  if (!granted) throw new Forbidden(`This personal access token lacks the \`${required}\` scope.`);
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}
