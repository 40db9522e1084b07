import { Module } from '@nestjs/common';
import { RealtimeHub } from './realtime.hub.js';
import { RealtimeMetrics } from './realtime.metrics.js';
import { TaskEventsController } from './task-events.controller.js';
import { StreamCredentialsRepository } from './stream-credentials.repository.js';
import { TaskEventsRepository } from './task-events.repository.js';
import './dto/task-event.schema.js';

/** Live task events: GET /api/v1/tasks/events, fed by one LISTEN per process. */
@Module({
  controllers: [TaskEventsController],
  providers: [RealtimeHub, RealtimeMetrics, TaskEventsRepository, StreamCredentialsRepository],
  exports: [RealtimeHub, RealtimeMetrics],
})
export class RealtimeModule {}
