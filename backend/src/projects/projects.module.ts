import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { ProjectAccess } from './project-access.js';
import { ProjectsController, ProjectTrashController } from './projects.controller.js';
import { ProjectsRepository } from './projects.repository.js';
import { ProjectsService } from './projects.service.js';

@Module({
  imports: [EventsModule, HousekeepingModule, ThrottlingModule],
  controllers: [ProjectTrashController, ProjectsController],
  providers: [ProjectAccess, ProjectsRepository, ProjectsService],
  exports: [ProjectAccess, ProjectsService],
})
export class ProjectsModule {
  /** Trashed projects go for good after the same retention as trashed tasks, with the tasks trashed with them. */
  constructor(housekeeping: Housekeeping, projects: ProjectsRepository, config: AppConfig) {
    const retentionMs = config.env.TRASH_RETENTION_DAYS * 86_400_000;
    housekeeping.register('trashed projects', (now) =>
      projects.purgeTrashedBefore(new Date(now.getTime() - retentionMs)),
    );
  }
}
