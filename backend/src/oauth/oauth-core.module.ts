import { Module } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import { EventsModule } from '../events/events.module.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { AuthorizationServer } from './authorization-server.js';
import { pruneExpiredRecords } from './drizzle-adapter.js';
import { OAuthAccessTokens } from './oauth-access-tokens.js';

/** The authorization server and the resource side's token check (the auth guard's); no routes. */
@Module({
  imports: [HousekeepingModule, EventsModule],
  providers: [AuthorizationServer, OAuthAccessTokens],
  exports: [AuthorizationServer, OAuthAccessTokens],
})
export class OAuthCoreModule {
  constructor(housekeeping: Housekeeping, database: DatabaseService) {
    housekeeping.register('oauth records', (now) => pruneExpiredRecords(database, now));
  }
}
