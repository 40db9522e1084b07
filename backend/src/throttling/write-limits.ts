import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Principal, principalOf } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from './limit-key.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { TooManyRequests } from './too-many-requests.js';

const WINDOW_MS = 60_000;

/**
 * Writes per minute, per user (WRITE_RATE_LIMIT_PER_MINUTE) and per personal access token
 * (TOKEN_WRITE_RATE_LIMIT_PER_MINUTE), counted in the shared `rate_limits` table so they hold across replicas.
 * REST write routes and MCP write tools both count here; RATE_LIMIT_ENABLED=false turns it off.
 */
@Injectable()
export class WriteLimiter {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  /** Counts one write for the principal, or throws 429 with Retry-After when a limit is spent. */
  async consume(principal: Principal): Promise<void> {
    const { env } = this.config;
    if (!env.RATE_LIMIT_ENABLED) return;
    await this.count(limitKey('writes:user', principal.userId), env.WRITE_RATE_LIMIT_PER_MINUTE);
    if (principal.tokenId) {
      await this.count(limitKey('writes:token', principal.tokenId), env.TOKEN_WRITE_RATE_LIMIT_PER_MINUTE);
    }
  }

  private async count(key: string, limit: number): Promise<void> {
    // A plain fixed window: no block beyond it, so a refused write costs the caller nothing more.
    const window = await this.storage.increment(key, WINDOW_MS, limit, 0);
    if (window.totalHits > limit) throw new TooManyRequests(window.timeToExpire, 'Too many writes');
  }
}

@Injectable()
export class WriteLimitGuard implements CanActivate {
  constructor(private readonly limiter: WriteLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (principal) await this.limiter.consume(principal);
    return true;
  }
}

/** This route is a write: it counts toward the caller's write rate limits (429 with Retry-After beyond them). */
export const LimitWrites = () => UseGuards(WriteLimitGuard);
