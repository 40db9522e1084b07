import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { Gateway } from '../common/gateway.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { hashSecretToken } from '../common/secret-token.js';
import { TooManyRequests } from '../throttling/too-many-requests.js';

type AuthRequest = Parameters<Gateway['clientAddress']>[0] & { body?: { refreshToken?: unknown } };

const MAX_REFRESH_TOKEN_LENGTH = 512;

/**
 * The throttler guard for auth routes. It counts per client address — the browser's when the web tier forwards it
 * (see Gateway) — except on refresh, which counts per token family: a person's renewals never share a bucket with
 * anyone else's, so junk tokens sent from one address exhaust only that address's bucket. Whichever limit trips,
 * the 429 carries the plain `Retry-After` the contract promises (the library suffixes it with the limit's name for
 * all but `default`).
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly gateway: Gateway,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: AuthRequest, context?: ExecutionContext): Promise<string> {
    if (context?.getHandler().name === 'refreshTokens') {
      const family = await this.familyOf(request.body?.refreshToken);
      if (family) return `family:${family}`;
    }
    return normalizeIp(this.gateway.clientAddress(request), this.ipv6SubnetPrefix);
  }

  /** The family of a refresh token that exists (spent, revoked or not); undefined for anything else. */
  private async familyOf(token: unknown): Promise<string | undefined> {
    if (typeof token !== 'string' || !token || token.length > MAX_REFRESH_TOKEN_LENGTH) return undefined;
    const row = await this.refreshTokens.findByHash(this.refreshTokens.db, hashSecretToken(token));
    return row?.familyId;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequests(detail.timeToBlockExpire);
  }
}
