import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSecretBox } from './webhook-secrets.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** The delivery log keeps finished deliveries this long. */
const DELIVERY_LOG_DAYS = 30;

/** Webhooks: subscriptions, the fan-out from the event log, and the senders that run on every replica. */
@Module({
  imports: [ProjectsModule, ThrottlingModule, HousekeepingModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    WebhookDispatcher,
    {
      provide: WebhookSecretBox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WebhookSecretBox(config.jwtSecret),
    },
  ],
})
export class WebhooksModule {
  constructor(housekeeping: Housekeeping, repository: WebhooksRepository) {
    housekeeping.register('webhook deliveries', (now) =>
      repository.pruneBefore(new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000)),
    );
  }
}
