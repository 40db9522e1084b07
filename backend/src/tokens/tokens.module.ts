import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TokenQuota } from './token-quota.js';
import { TokensController } from './tokens.controller.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [ThrottlingModule, EventsModule],
  controllers: [TokensController],
  providers: [TokensRepository, TokensService, TokenQuota],
  exports: [TokensService],
})
export class TokensModule {}
