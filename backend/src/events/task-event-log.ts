import { Injectable, Logger } from '@nestjs/common';
import { lt } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { taskEvents } from '../database/schema/index.js';

export type TaskEventType = 'task.created' | 'task.updated' | 'task.deleted' | 'task.restored';

export interface RecordedEvent {
  id: number;
  userId: string;
  type: TaskEventType;
  taskId: string;
}

export const TASK_EVENTS_CHANNEL = 'task_events';

/**
 * Records task changes inside the writing transaction, and announces them with NOTIFY once it has
 * committed. The payload carries ids only (NOTIFY caps payloads at 8000 bytes); listeners load the rest.
 */
@Injectable()
export class TaskEventLog {
  private readonly logger = new Logger(TaskEventLog.name);

  constructor(private readonly database: DatabaseService) {}

  async record(tx: Executor, userId: string, type: TaskEventType, taskId: string): Promise<RecordedEvent> {
    const [row] = await tx
      .insert(taskEvents)
      .values({ userId, type, taskId })
      .returning({ id: taskEvents.id });
    return { id: row!.id, userId, type, taskId };
  }

  /** Call after commit. A failed NOTIFY must not fail the write the client already made. */
  async announce(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.database.client.notify(TASK_EVENTS_CHANNEL, JSON.stringify(event));
      } catch (error) {
        this.logger.warn({ err: error, eventId: event.id }, 'task event notify failed');
      }
    }
  }

  async pruneBefore(cutoff: Date): Promise<void> {
    await this.database.db.delete(taskEvents).where(lt(taskEvents.createdAt, cutoff));
  }
}
