import { QuickAddPlaces } from './quick-add-places.js';
import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TaskQuota } from './task-quota.js';
import { TasksController } from './tasks.controller.js';
import { TasksRepository } from './tasks.repository.js';
import { TaskPlacement } from './task-placement.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [EventsModule, IdempotencyModule, ProjectsModule, SectionsModule, ThrottlingModule],
  controllers: [TasksController],
  providers: [TasksRepository, TaskPlacement, TasksService, TaskQuota, QuickAddPlaces],
  exports: [TasksRepository, TasksService, TaskQuota],
})
export class TasksModule {}
