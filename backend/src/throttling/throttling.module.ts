import { Module } from '@nestjs/common';
import { LoginBackoff } from './login-backoff.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { WriteLimiter, WriteLimitGuard } from './write-limits.js';

/** The limits kept in PostgreSQL (table `rate_limits`), shared by every replica. */
@Module({
  providers: [PostgresThrottlerStorage, WriteLimiter, WriteLimitGuard, LoginBackoff],
  exports: [PostgresThrottlerStorage, WriteLimiter, WriteLimitGuard, LoginBackoff],
})
export class ThrottlingModule {}
