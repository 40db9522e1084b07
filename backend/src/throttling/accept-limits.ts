import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from './limit-key.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { TooManyRequests } from './too-many-requests.js';

const WINDOW_MS = 60_000;

/**
 * Accepting an invitation presents a secret, like signing in: it is held to the auth limit
 * (AUTH_RATE_LIMIT_PER_MINUTE) per person, on top of the write limits, so nobody can try tokens in bulk.
 */
@Injectable()
export class AcceptLimitGuard implements CanActivate {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { env } = this.config;
    const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (!principal || !env.RATE_LIMIT_ENABLED) return true;
    const limit = env.AUTH_RATE_LIMIT_PER_MINUTE;
    const window = await this.storage.increment(
      limitKey('invitations:accept', principal.userId),
      WINDOW_MS,
      limit,
      0,
    );
    if (window.totalHits > limit)
      throw new TooManyRequests(window.timeToExpire, 'Too many invitation attempts');
    return true;
  }
}

/** This route presents an invitation token: limited per person like sign-in (429 with Retry-After beyond it). */
export const LimitAccepts = () => UseGuards(AcceptLimitGuard);
