import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { catchError, mergeMap, type Observable } from 'rxjs';
import { Gateway } from '../common/gateway.js';
import { AppError } from '../common/app-errors.js';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from './limit-key.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { TooManyRequests } from './too-many-requests.js';

/** Failed sign-ins to one account that cost nothing; each further one doubles the wait, from 2 s up to 5 min. */
export const FREE_LOGIN_FAILURES = 5;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** A run of failures is forgotten a day after the latest one, or at once on a successful sign-in. */
const FAILURE_MEMORY_MS = 24 * 3_600_000;
/** How long an address that signed in to an account stays a known device of it. */
const KNOWN_DEVICE_MS = 30 * 24 * 3_600_000;
/** IPv6 clients usually own a /64: one device, many addresses. */
const IPV6_PREFIX = 64;

/**
 * Growing delays on one account's password sign-in, instead of a lockout a stranger can trigger. Only failures
 * count (any email, so the delay reveals nothing about which accounts exist), and a success forgets them. An
 * address that signed in to the account recently is a known device: the delay never applies to it, so someone
 * who guesses from elsewhere cannot keep the owner out. The per-address limit on auth routes still applies to all.
 */
@Injectable()
export class LoginBackoff {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.env.RATE_LIMIT_ENABLED;
  }

  isKnownDevice(email: string, address: string): Promise<boolean> {
    return this.storage.isRemembered(limitKey('login:device', email, address));
  }

  secondsToWait(email: string): Promise<number> {
    return this.storage.blockedSeconds(limitKey('login:failures', email));
  }

  failed(email: string): Promise<void> {
    return this.storage.recordFailure(limitKey('login:failures', email), {
      windowMs: FAILURE_MEMORY_MS,
      freeFailures: FREE_LOGIN_FAILURES,
      baseMs: FIRST_DELAY_MS,
      capMs: MAX_DELAY_MS,
    });
  }

  async succeeded(email: string, address: string): Promise<void> {
    await this.storage.forget(limitKey('login:failures', email));
    await this.storage.remember(limitKey('login:device', email, address), KNOWN_DEVICE_MS);
  }
}

type LoginRequest = FastifyRequest & { body?: { email?: unknown } };

/** Applies LoginBackoff around a password sign-in route; the address is the browser's when the web tier says so. */
@Injectable()
export class LoginBackoffInterceptor implements NestInterceptor {
  constructor(
    private readonly backoff: LoginBackoff,
    private readonly gateway: Gateway,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<LoginRequest>();
    const email = request.body?.email;
    // Not a string: validation answers 400 and nothing is counted.
    if (!this.backoff.enabled || typeof email !== 'string') return next.handle();
    const account = email.trim().toLowerCase();
    const address = normalizeIp(this.gateway.clientAddress(request), IPV6_PREFIX);
    if (!(await this.backoff.isKnownDevice(account, address))) {
      const wait = await this.backoff.secondsToWait(account);
      if (wait > 0) throw new TooManyRequests(wait, 'Too many failed sign-ins to this account');
    }
    return next.handle().pipe(
      mergeMap(async (signedIn: unknown) => {
        await this.backoff.succeeded(account, address);
        return signedIn;
      }),
      catchError(async (error: unknown) => {
        if (error instanceof AppError && error.status === 401) await this.backoff.failed(account);
        throw error;
      }),
    );
  }
}

/** Password sign-in: growing delays per account after failures, never for a known device (see LoginBackoff). */
export const WithLoginBackoff = () => UseInterceptors(LoginBackoffInterceptor);
