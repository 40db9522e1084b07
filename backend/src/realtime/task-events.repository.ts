import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { taskEvents } from '../database/schema/index.js';
import type { Task } from '../tasks/dto/task.schemas.js';
import { type TaskDriverRow, toTask } from '../tasks/dto/to-task.js';
import type { LogPosition } from './resume-decision.js';
import type { RecordedEvent } from '../events/task-event-log.js';

/** Reads for live events: the event log (resume) and the current task rows the events carry. */
@Injectable()
export class TaskEventsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get db() {
    return this.database.db;
  }

  /** The log's bounds, and when the first event after `afterId` (any user's) was written. */
  async position(afterId: number): Promise<LogPosition> {
    const result = await this.db.execute(sql`
      select
        (select min(id) from task_events)::text as oldest,
        coalesce(pg_sequence_last_value('task_events_id_seq'::regclass), 0)::text as issued,
        (select created_at from task_events where id > ${afterId} order by id limit 1)::text as first_missed_at`);
    const row = rowsOf<{ oldest: string | null; issued: string; first_missed_at: string | null }>(result)[0];
    return {
      oldest: row?.oldest == null ? null : Number(row.oldest),
      issued: Number(row?.issued ?? 0),
      firstMissedAt: row?.first_missed_at ? new Date(row.first_missed_at) : null,
    };
  }

  /** The newest committed event id (or the sequence position when the log is empty): a new stream's cursor. */
  async head(): Promise<number> {
    const result = await this.db.execute(sql`
      select coalesce((select max(id) from task_events),
                      pg_sequence_last_value('task_events_id_seq'::regclass), 0)::text as head`);
    return Number(rowsOf<{ head: string }>(result)[0]?.head ?? 0);
  }

  /** A user's events after `afterId`, oldest first. */
  async eventsAfter(userId: string, afterId: number): Promise<RecordedEvent[]> {
    const rows = await this.db
      .select({
        id: taskEvents.id,
        userId: taskEvents.userId,
        type: taskEvents.type,
        taskId: taskEvents.taskId,
        projectId: taskEvents.projectId,
        subjectId: taskEvents.subjectId,
      })
      .from(taskEvents)
      .where(and(eq(taskEvents.userId, userId), gt(taskEvents.id, afterId)))
      .orderBy(asc(taskEvents.id));
    return rows as RecordedEvent[];
  }

  /** The live (not trashed) tasks among `ids` in projects the user belongs to (whoever created them). */
  async liveTasks(userId: string, ids: string[]): Promise<Map<string, Task>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.execute(
      sql`select t.* from tasks t join project_members m on m.project_id = t.project_id and m.user_id = ${userId}
        where t.id in ${ids} and t.deleted_at is null`,
    );
    return new Map(rowsOf<TaskDriverRow>(result).map((row) => [row.id, toTask(row)]));
  }
}
