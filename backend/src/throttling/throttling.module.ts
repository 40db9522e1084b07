import { Module } from '@nestjs/common';
import { Gateway } from '../common/gateway.js';
import { AcceptLimitGuard } from './accept-limits.js';
import { LoginBackoff } from './login-backoff.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { WriteLimiter, WriteLimitGuard } from './write-limits.js';

/** The limits kept in PostgreSQL (table `rate_limits`), shared by every replica. */
@Module({
  // Gateway tells the web tier's forwarded browser address from a spoofed one: every limit per address needs it.
  providers: [
    PostgresThrottlerStorage,
    WriteLimiter,
    WriteLimitGuard,
    LoginBackoff,
    AcceptLimitGuard,
    Gateway,
  ],
  exports: [PostgresThrottlerStorage, WriteLimiter, WriteLimitGuard, LoginBackoff, AcceptLimitGuard, Gateway],
})
export class ThrottlingModule {}
