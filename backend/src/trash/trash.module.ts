import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import { TrashController } from './trash.controller.js';
import { TrashService } from './trash.service.js';

const DAY_MS = 86_400_000;

@Module({
  imports: [TasksModule, EventsModule, IdempotencyModule, HousekeepingModule, ThrottlingModule],
  controllers: [TrashController],
  providers: [TrashService],
  exports: [TrashService],
})
export class TrashModule {
  constructor(housekeeping: Housekeeping, tasks: TasksRepository, config: AppConfig) {
    const retentionMs = config.env.TRASH_RETENTION_DAYS * DAY_MS;
    housekeeping.register('trash', (now) => tasks.purgeTrashedBefore(new Date(now.getTime() - retentionMs)));
  }
}
