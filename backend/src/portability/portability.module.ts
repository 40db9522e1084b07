import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { PortabilityController } from './portability.controller.js';
import { PortabilityRepository } from './portability.repository.js';
import { PortabilityService } from './portability.service.js';

/** Export everything a person owns, and import it back or from a Todoist template. */
@Module({
  imports: [EventsModule, IdempotencyModule, ProjectsModule, ThrottlingModule],
  controllers: [PortabilityController],
  providers: [PortabilityRepository, PortabilityService],
})
export class PortabilityModule {}
