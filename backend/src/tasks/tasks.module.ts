import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TaskQuota } from './task-quota.js';
import { TasksController } from './tasks.controller.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [EventsModule, IdempotencyModule, ThrottlingModule],
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, TaskQuota],
  exports: [TasksRepository, TasksService, TaskQuota],
})
export class TasksModule {}
