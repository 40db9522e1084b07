import { Module } from '@nestjs/common';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { ActivityLog } from './activity-log.js';
import { CredentialEvents } from './credential-events.js';
import { TaskEventLog } from './task-event-log.js';

/** How long events are kept: a stream resuming (Last-Event-ID) cannot reach further back than this. */
const EVENT_LOG_WINDOW_MS = 15 * 60_000;

/**
 * The task event log and projects' activity (writers record into it inside their transactions, realtime streams from it), and the
 * revocations that end streams.
 */
@Module({
  imports: [HousekeepingModule],
  providers: [TaskEventLog, ActivityLog, CredentialEvents],
  exports: [TaskEventLog, ActivityLog, CredentialEvents],
})
export class EventsModule {
  constructor(housekeeping: Housekeeping, events: TaskEventLog) {
    housekeeping.register('task events', (now) =>
      events.pruneBefore(new Date(now.getTime() - EVENT_LOG_WINDOW_MS)),
    );
  }
}
