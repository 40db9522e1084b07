import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { Forbidden, NotFound } from '../common/app-errors.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import type { PROJECT_ROLES } from '../database/schema/projects.js';

export type ProjectRole = (typeof PROJECT_ROLES)[number];
/** What a call does to a project: read it, write in it (tasks, sections, its name), or own it (delete, share). */
export type ProjectNeed = 'read' | 'write' | 'own';

const ALLOWED: Record<ProjectNeed, readonly ProjectRole[]> = {
  read: ['owner', 'editor', 'viewer'],
  write: ['owner', 'editor'],
  own: ['owner'],
};

const INBOXES_KEPT = 10_000;

/**
 * The one place that decides who may do what in a project; every project, section and task route asks it. Not a
 * member (or no such project) is 404, exactly alike; a member whose role does not allow the call is 403.
 */
@Injectable()
export class ProjectAccess {
  /** Inbox ids by user: an Inbox is never deleted or moved to another owner, so an entry never goes stale. */
  private readonly inboxes = new Map<string, string>();

  constructor(private readonly database: DatabaseService) {}

  async require(
    userId: string,
    projectId: string,
    need: ProjectNeed,
    options: { executor?: Executor; trashed?: boolean; what?: string } = {},
  ): Promise<ProjectRole> {
    const { executor = this.database.db, trashed = false, what = 'Project' } = options;
    const [row] = rowsOf<{ role: ProjectRole }>(
      await executor.execute(sql`select m.role from project_members m join projects p on p.id = m.project_id
        where m.project_id = ${projectId} and m.user_id = ${userId}
          and p.deleted_at is ${trashed ? sql`not null` : sql`null`}`),
    );
    return ProjectAccess.decide(row?.role, need, what);
  }

  /**
   * The rule itself, for callers that read the caller's role together with what they act on (a task and its
   * membership in one query, on the hot paths): no role (not a member) is 404, a role short of `need` is 403.
   */
  static decide(role: ProjectRole | null | undefined, need: ProjectNeed, what = 'Project'): ProjectRole {
    if (!role) throw new NotFound(what);
    if (!ALLOWED[need].includes(role)) {
      throw new Forbidden(`Your role in this project (${role}) does not allow this.`);
    }
    return role;
  }

  /** The roles that allow `need`, for queries that filter by membership (lists, the trash). */
  static rolesFor(need: ProjectNeed): readonly ProjectRole[] {
    return ALLOWED[need];
  }

  async isMember(projectId: string, userId: string, executor: Executor = this.database.db): Promise<boolean> {
    const rows = rowsOf(
      await executor.execute(
        sql`select 1 from project_members where project_id = ${projectId} and user_id = ${userId}`,
      ),
    );
    return rows.length > 0;
  }

  /**
   * Where a task goes without a project: the person's Inbox (created, and committed at once, if an older release
   * left it missing). Read once per person and process: every v1 create asks.
   */
  async inboxOf(userId: string): Promise<string> {
    const known = this.inboxes.get(userId);
    if (known) return known;
    const [row] = rowsOf<{ id: string }>(
      await this.database.db.execute(sql`select todo_inbox_of(${userId}) as id`),
    );
    if (this.inboxes.size >= INBOXES_KEPT) this.inboxes.delete(this.inboxes.keys().next().value!);
    this.inboxes.set(userId, row!.id);
    return row!.id;
  }

  /**
   * Serializes the writes that hand out order keys in a project (two "last" keys computed at once would tie).
   * NO KEY UPDATE: it does not block inserts that merely reference the project.
   */
  async lockOrder(projectId: string, executor: Executor): Promise<void> {
    await executor.execute(sql`select 1 from projects where id = ${projectId} for no key update`);
  }
}
