import { Module } from '@nestjs/common';
import { AcceptLimitGuard } from './accept-limits.js';
import { LoginBackoff } from './login-backoff.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { WriteLimiter, WriteLimitGuard } from './write-limits.js';

/** The limits kept in PostgreSQL (table `rate_limits`), shared by every replica. */
@Module({
  providers: [PostgresThrottlerStorage, WriteLimiter, WriteLimitGuard, LoginBackoff, AcceptLimitGuard],
  exports: [PostgresThrottlerStorage, WriteLimiter, WriteLimitGuard, LoginBackoff, AcceptLimitGuard],
})
export class ThrottlingModule {}
