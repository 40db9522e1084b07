import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { authThrottlers } from './auth-limits.js';
import { PostgresThrottlerStorage } from '../throttling/postgres-throttler.storage.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { OAuthCoreModule } from '../oauth/oauth-core.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';

@Module({
  imports: [
    EventsModule,
    UsersModule,
    TokensModule,
    OAuthCoreModule,
    HousekeepingModule,
    ThrottlingModule,
    JwtModule.register({}),
    // Limits live in PostgreSQL (or PGlite) so they hold across replicas; see src/throttling/.
    ThrottlerModule.forRootAsync({
      imports: [ThrottlingModule],
      inject: [AppConfig, PostgresThrottlerStorage],
      useFactory: (config: AppConfig, storage: PostgresThrottlerStorage) => ({
        ...authThrottlers(config),
        storage,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AccessTokens,
    AuthService,
    PasswordHasher,
    RefreshTokensRepository,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AuthGuard],
})
export class AuthModule {
  constructor(housekeeping: Housekeeping, refreshTokens: RefreshTokensRepository) {
    housekeeping.register('refresh tokens', (now) => refreshTokens.pruneExpired(now));
  }
}
