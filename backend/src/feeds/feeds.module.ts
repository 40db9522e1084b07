import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { FeedRoutes } from './feed-routes.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';

@Module({
  imports: [ProjectsModule, ThrottlingModule],
  controllers: [FeedsController],
  providers: [FeedsRepository, FeedsService, FeedRoutes],
})
export class FeedsModule {}
