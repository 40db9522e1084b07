import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';

/**
 * The per-client-address limit on every auth route (AUTH_RATE_LIMIT_PER_MINUTE). Sign-in also slows each account
 * down after failures (login-backoff.ts), and writes have their own limits (write-limits.ts).
 */
export function authThrottlers(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: config.env.AUTH_RATE_LIMIT_PER_MINUTE }],
    skipIf: () => !config.env.RATE_LIMIT_ENABLED,
  };
}
