import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { ProjectAccess } from './project-access.js';
import { ProjectsController, ProjectTrashController } from './projects.controller.js';
import { ProjectsRepository } from './projects.repository.js';
import { ProjectsService } from './projects.service.js';

@Module({
  imports: [EventsModule, ThrottlingModule],
  controllers: [ProjectTrashController, ProjectsController],
  providers: [ProjectAccess, ProjectsRepository, ProjectsService],
  exports: [ProjectAccess, ProjectsService],
})
export class ProjectsModule {}
