import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';

/** Sign-in attempts allowed per account (email) in ACCOUNT_WINDOW_MS, from any number of IPs and replicas. */
export const ACCOUNT_LOGIN_LIMIT = 10;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;

const isLogin = (context: ExecutionContext) => context.getHandler().name === 'login';

/**
 * Two limits on the auth routes: `default` per client IP on every auth route (AUTH_RATE_LIMIT_PER_MINUTE), and
 * `account` per email on login only, so a password guesser spreading over many IPs still meets a wall — for that
 * account alone; other accounts sign in as usual.
 */
export function authThrottlers(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.env.AUTH_RATE_LIMIT_PER_MINUTE },
      {
        name: 'account',
        ttl: ACCOUNT_WINDOW_MS,
        limit: ACCOUNT_LOGIN_LIMIT,
        skipIf: (context) => !isLogin(context),
        getTracker: (request: { body?: { email?: unknown } }) => {
          const email = request.body?.email;
          return typeof email === 'string' ? email.trim().toLowerCase() : '';
        },
      },
    ],
    skipIf: () => !config.env.RATE_LIMIT_ENABLED,
  };
}
