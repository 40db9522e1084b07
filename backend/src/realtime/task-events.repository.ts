import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import type { ProjectRole } from '../projects/project-access.js';
import type { ProjectDriverRow } from '../projects/dto/to-project.js';
import type { TaskDriverRow } from '../tasks/dto/to-task.js';
import type { LogPosition } from './resume-decision.js';
import type { RecordedEvent } from '../events/task-event-log.js';

interface EventRow {
  id: string | number;
  user_id: string;
  type: RecordedEvent['type'];
  task_id: string | null;
  project_id: string | null;
  subject_id: string | null;
}

const toRecorded = (row: EventRow): RecordedEvent =>
  ({
    id: Number(row.id),
    userId: row.user_id,
    type: row.type,
    taskId: row.task_id,
    projectId: row.project_id,
    subjectId: row.subject_id,
  }) as RecordedEvent;

/** What a `member.added` frame says about the member; `role` is null once they are gone again. */
export interface MemberCard {
  name: string;
  role: ProjectRole | null;
}

/** Reads for live events: the event log (resume), memberships, and the current rows the events carry. */
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

  /**
   * Every project the user belongs to (trashed ones too: a restore brings their events back), read together with
   * the log's head (what `head()` answers), so a new stream's first read is still one query.
   */
  async projectsOf(userId: string): Promise<{ projects: string[]; head: number }> {
    const [row] = rowsOf<{ projects: string[] | string; head: string }>(
      await this.db.execute(sql`select
          coalesce((select json_agg(project_id) from project_members where user_id = ${userId}), '[]'::json) as projects,
          coalesce((select max(id) from task_events),
                   pg_sequence_last_value('task_events_id_seq'::regclass), 0)::text as head`),
    );
    const projects =
      typeof row!.projects === 'string' ? (JSON.parse(row!.projects) as string[]) : row!.projects;
    return { projects, head: Number(row!.head) };
  }

  /**
   * What a resuming stream missed after `afterId`, oldest first: the events of the user's current projects, their own
   * rows without a project, and their own removals (the last thing they hear of a project they left). One range scan
   * on the primary key: the log holds minutes of events, and the membership test is a hashed subplan.
   */
  async eventsAfter(userId: string, afterId: number): Promise<RecordedEvent[]> {
    const rows = rowsOf<EventRow>(
      await this.db.execute(sql`select e.id, e.user_id, e.type, e.task_id, e.project_id, e.subject_id
        from task_events e
        where e.id > ${afterId}
          and (e.project_id in (select m.project_id from project_members m where m.user_id = ${userId})
            or (e.project_id is null and e.user_id = ${userId})
            or (e.type = 'member.removed' and e.subject_id = ${userId}))
        order by e.id`),
    );
    return rows.map(toRecorded);
  }

  /** The tasks among `ids` as they are now (trashed ones included: callers decide), whoever may see them. */
  async tasks(ids: string[]): Promise<Map<string, TaskDriverRow>> {
    if (ids.length === 0) return new Map();
    const rows = rowsOf<TaskDriverRow>(
      await this.db.execute(sql`select t.* from tasks t where t.id in ${ids}`),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** A live project with every member's role, for `project.updated` (each role sees the project as that role). */
  async projectWithRoles(
    projectId: string,
  ): Promise<{ row: ProjectDriverRow; openTaskCount: number; roles: Map<string, ProjectRole> } | undefined> {
    const [row] = rowsOf<ProjectDriverRow & { roles: Record<string, ProjectRole> | string }>(
      await this.db.execute(sql`select p.*, 'owner' as role,
          (select count(*) from project_members c where c.project_id = p.id)::int as member_count,
          (select count(*) from tasks t where t.project_id = p.id and t.deleted_at is null and not t.completed)::int
            as open_task_count,
          (select json_object_agg(m.user_id, m.role) from project_members m where m.project_id = p.id) as roles
        from projects p where p.id = ${projectId} and p.deleted_at is null`),
    );
    if (!row) return undefined;
    const roles = (typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles) as Record<
      string,
      ProjectRole
    >;
    const { open_task_count: open } = row as unknown as { open_task_count: number };
    return { row, openTaskCount: Number(open), roles: new Map(Object.entries(roles ?? {})) };
  }

  async memberCard(projectId: string, userId: string): Promise<MemberCard | undefined> {
    const [row] = rowsOf<MemberCard>(
      await this.db.execute(sql`select u.name, m.role from users u
        left join project_members m on m.project_id = ${projectId} and m.user_id = u.id where u.id = ${userId}`),
    );
    return row;
  }
}
