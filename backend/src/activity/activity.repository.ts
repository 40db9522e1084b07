import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { parseTimestamptz } from '../database/schema/columns.js';
import type { ActivityAction, ActivityChanges } from '../events/activity-log.js';
import type { ActivityEntryView } from './dto/activity.schemas.js';

interface ActivityRow {
  seq: string | number;
  id: string;
  at: string | Date;
  actor_id: string;
  actor_name: string;
  action: ActivityAction;
  task_id: string | null;
  changes: ActivityChanges | string;
}

export interface ActivityListed {
  entry: ActivityEntryView;
  seq: string;
}

const iso = (value: string | Date) => (value instanceof Date ? value : parseTimestamptz(value)).toISOString();

/** Reads a project's activity (ActivityLog writes it). */
@Injectable()
export class ActivityRepository {
  constructor(private readonly database: DatabaseService) {}

  /** Newest first by `seq`, below `beforeSeq` when paging on (activity_project_seq_idx). */
  async listPage(projectId: string, limit: number, beforeSeq?: string): Promise<ActivityListed[]> {
    const rows = rowsOf<ActivityRow>(
      await this.database.db.execute(sql`select a.seq, a.id, a.at, a.actor_id, u.name as actor_name, a.action,
          a.task_id, a.changes
        from activity a join users u on u.id = a.actor_id
        where a.project_id = ${projectId} ${beforeSeq === undefined ? sql`` : sql`and a.seq < ${beforeSeq}`}
        order by a.seq desc limit ${limit}`),
    );
    return rows.map((row) => ({
      seq: String(row.seq),
      entry: {
        id: row.id,
        at: iso(row.at),
        actor: { id: row.actor_id, name: row.actor_name },
        action: row.action,
        taskId: row.task_id,
        changes: typeof row.changes === 'string' ? (JSON.parse(row.changes) as ActivityChanges) : row.changes,
      },
    }));
  }
}
