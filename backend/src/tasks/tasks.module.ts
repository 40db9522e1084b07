import { Module } from '@nestjs/common';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { TaskEventLog } from '../realtime/task-event-log.js';
import { TasksController } from './tasks.controller.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService } from './tasks.service.js';

@Module({
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, TaskEventLog, IdempotencyStore],
  exports: [TasksRepository, TaskEventLog, IdempotencyStore],
})
export class TasksModule {}
