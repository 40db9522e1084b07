import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { ConnectedApps } from './connected-apps.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthCoreModule } from './oauth-core.module.js';
import { OAuthRoutes } from './oauth-routes.js';

/** OAuth 2.1 for agents: the authorization server's endpoints, the consent API and connected apps. */
@Module({
  imports: [OAuthCoreModule, ThrottlingModule, EventsModule],
  controllers: [OAuthController],
  providers: [ConnectedApps, OAuthRoutes],
})
export class OAuthModule {}
