import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { Gateway } from '../common/gateway.js';
import { principalOf } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from './limit-key.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { TooManyRequests } from './too-many-requests.js';

const WINDOW_MS = 60_000;

/**
 * Accepting or previewing an invitation presents a secret, like signing in: it is held to the auth limit
 * (AUTH_RATE_LIMIT_PER_MINUTE) per person — per client address when nobody is signed in (the preview is public) —
 * on top of any write limits, so nobody can try tokens in bulk.
 */
@Injectable()
export class AcceptLimitGuard implements CanActivate {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
    private readonly gateway: Gateway,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { env } = this.config;
    if (!env.RATE_LIMIT_ENABLED) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = principalOf(request);
    const who = principal ? principal.userId : `address:${normalizeIp(this.gateway.clientAddress(request))}`;
    const limit = env.AUTH_RATE_LIMIT_PER_MINUTE;
    const window = await this.storage.increment(limitKey('invitations:accept', who), WINDOW_MS, limit, 0);
    if (window.totalHits > limit)
      throw new TooManyRequests(window.timeToExpire, 'Too many invitation attempts');
    return true;
  }
}

/** This route presents an invitation token: limited per person (or address) like sign-in (429 with Retry-After beyond it). */
export const LimitAccepts = () => UseGuards(AcceptLimitGuard);
