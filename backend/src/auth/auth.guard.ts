import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Unauthorized } from '../common/app-errors.js';
import {
  assertPermitted,
  IS_PUBLIC,
  type Principal,
  REQUIRED_SCOPE,
  type ScopeRequirement,
} from '../common/principal.js';
import { OAuthAccessTokens } from '../oauth/oauth-access-tokens.js';
import { PAT_PREFIX, TokensService } from '../tokens/tokens.service.js';
import { AccessTokens } from './access-tokens.js';

/**
 * Global guard: every route needs a bearer token unless marked @Public(). Personal access tokens and OAuth access
 * tokens are admitted only where @Scope() allows, and writes need `tasks:write`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokens,
    private readonly personalTokens: TokensService,
    private readonly oauthTokens: OAuthAccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = await this.authenticate(bearerOf(request));
    if (!principal) throw new Unauthorized();
    assertPermitted(
      principal,
      this.reflector.getAllAndOverride<ScopeRequirement | undefined>(REQUIRED_SCOPE, targets),
    );
    request.principal = principal;
    (request.raw as typeof request.raw & { userId?: string }).userId = principal.userId;
    return true;
  }

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined;
    if (token.startsWith(PAT_PREFIX)) return this.personalTokens.authenticate(token);
    // Session access tokens are JWTs (three dot-separated parts); OAuth access tokens are opaque.
    if (!token.includes('.')) return this.oauthTokens.authenticate(token);
    const access = await this.accessTokens.verify(token);
    return access && { ...access, via: 'session', scopes: ['tasks:read', 'tasks:write'] };
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}
