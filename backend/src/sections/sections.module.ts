import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { SectionsController } from './sections.controller.js';
import { SectionsRepository } from './sections.repository.js';
import { SectionsService } from './sections.service.js';

@Module({
  imports: [EventsModule, ProjectsModule, ThrottlingModule],
  controllers: [SectionsController],
  providers: [SectionsRepository, SectionsService],
  exports: [SectionsService],
})
export class SectionsModule {}
