import { Injectable } from '@nestjs/common';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { calendarFeeds } from '../database/schema/index.js';
import { parseTimestamptz } from '../database/schema/columns.js';
import type { FeedRow } from './dto/feed.schemas.js';
import type { FeedTask } from './feed-calendar.js';

/** The most events one feed carries (soonest due first): a bound on the cost of one poll. */
export const MAX_FEED_EVENTS = 5000;

interface FeedTaskDriverRow {
  id: string;
  title: string;
  description: string | null;
  due_at: string;
  remind_at: string | null;
  recurrence: FeedTask['recurrence'];
  updated_at: string;
  version: number;
}

@Injectable()
export class FeedsRepository {
  constructor(private readonly database: DatabaseService) {}

  async insert(values: typeof calendarFeeds.$inferInsert): Promise<FeedRow> {
    const [row] = await this.database.db.insert(calendarFeeds).values(values).returning();
    return row!;
  }

  list(userId: string): Promise<FeedRow[]> {
    return this.database.db
      .select()
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, userId))
      .orderBy(desc(calendarFeeds.createdAt), desc(calendarFeeds.id));
  }

  async findByHash(tokenHash: string): Promise<FeedRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(calendarFeeds)
      .where(eq(calendarFeeds.tokenHash, tokenHash));
    return row;
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(calendarFeeds)
      .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.userId, userId)))
      .returning({ id: calendarFeeds.id });
    return rows.length > 0;
  }

  /**
   * A fingerprint of everything the feed's body depends on, from aggregates only (no task is read): counts, the
   * sum of versions (every change bumps one) and the latest change, of the tasks and of the projects in scope,
   * trashed ones included (trashing and erasing change them too). `changedAt` is null for an empty scope.
   */
  async validator(feed: FeedRow): Promise<{ fingerprint: string; changedAt: number | null }> {
    const scope = this.projectsInScope(feed);
    const [row] = rowsOf<{ tasks: string; projects: string; changed_ms: string | null }>(
      await this.database.db.execute(sql`
        select
          (select count(*) || ':' || coalesce(sum(t.version), 0) || ':' ||
                  count(*) filter (where t.deleted_at is null and not t.completed and t.due_at is not null) || ':' ||
                  coalesce(max(t.updated_at)::text, '')
             from tasks t where t.project_id in (${scope})) as tasks,
          (select count(*) || ':' || coalesce(sum(p.version), 0) || ':' || coalesce(max(p.updated_at)::text, '') ||
                  ':' || count(*) filter (where p.deleted_at is null)
             from projects p where p.id in (${scope})) as projects,
          (select floor(extract(epoch from greatest(
             (select max(t.updated_at) from tasks t where t.project_id in (${scope})),
             (select max(p.updated_at) from projects p where p.id in (${scope}))
           )) * 1000)::bigint::text) as changed_ms`),
    );
    return {
      fingerprint: `${row!.tasks}|${row!.projects}`,
      changedAt: row!.changed_ms === null ? null : Number(row!.changed_ms),
    };
  }

  /** The open tasks with a due instant in the feed's live projects, soonest first. */
  async openTasks(feed: FeedRow): Promise<FeedTask[]> {
    const rows = rowsOf<FeedTaskDriverRow>(
      await this.database.db.execute(sql`
        select t.id, t.title, t.description, t.due_at, t.remind_at, t.recurrence, t.updated_at, t.version
          from tasks t join projects p on p.id = t.project_id and p.deleted_at is null
         where t.project_id in (${this.projectsInScope(feed)})
           and t.deleted_at is null and not t.completed and t.due_at is not null
         order by t.due_at, t.id
         limit ${MAX_FEED_EVENTS}`),
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      dueAt: instant(row.due_at),
      remindAt: row.remind_at === null ? null : instant(row.remind_at),
      recurrence: row.recurrence,
      updatedAt: instant(row.updated_at),
      version: row.version,
    }));
  }

  /** The name the calendar shows: the project's, or null when a project feed's project is gone or not shared. */
  async projectName(feed: FeedRow): Promise<string | null> {
    const [row] = rowsOf<{ name: string }>(
      await this.database.db.execute(sql`select p.name from projects p
        join project_members m on m.project_id = p.id and m.user_id = ${feed.userId}
        where p.id = ${feed.projectId} and p.deleted_at is null`),
    );
    return row?.name ?? null;
  }

  /** The projects a feed covers: its one project or all the person's, and only while they are a member. */
  private projectsInScope(feed: FeedRow): SQL {
    const member = sql`select m.project_id from project_members m where m.user_id = ${feed.userId}`;
    return feed.projectId ? sql`${member} and m.project_id = ${feed.projectId}` : member;
  }
}

// postgres.js hands timestamptz over as text, PGlite as a Date.
const instant = (value: string | Date): Date => (value instanceof Date ? value : parseTimestamptz(value));
