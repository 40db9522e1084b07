import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { CommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

/** Comments on tasks, under their task's project rules. */
@Module({
  imports: [EventsModule, IdempotencyModule, TasksModule, ThrottlingModule],
  controllers: [CommentsController],
  providers: [CommentsRepository, CommentsService],
})
export class CommentsModule {}
