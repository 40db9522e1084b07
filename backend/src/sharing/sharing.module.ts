import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { SharingController } from './sharing.controller.js';
import { SharingRepository } from './sharing.repository.js';
import { SharingService } from './sharing.service.js';

/** Invitations and members of projects (contract v1.1, Sharing); access decided by ProjectsModule's ProjectAccess. */
@Module({
  imports: [EventsModule, ProjectsModule, ThrottlingModule],
  controllers: [SharingController],
  providers: [SharingRepository, SharingService],
})
export class SharingModule {}
