import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import type { Project } from './dto/project.schemas.js';
import type { ProjectDriverRow } from './dto/to-project.js';

export interface ProjectChanges {
  name?: string;
  color?: Project['color'];
  position?: string;
}

const WITH_MEMBERSHIP = (userId: string) => sql`select p.*, m.role,
    (select count(*) from project_members c where c.project_id = p.id)::int as member_count
  from projects p join project_members m on m.project_id = p.id and m.user_id = ${userId}`;

@Injectable()
export class ProjectsRepository {
  constructor(private readonly database: DatabaseService) {}

  private async rows(executor: Executor, query: SQL): Promise<ProjectDriverRow[]> {
    return rowsOf<ProjectDriverRow>(await executor.execute(query));
  }

  /** The caller's live projects, Inbox first, then by position; `after` is the last row's (rank, position, id). */
  async listForMember(
    userId: string,
    limit: number,
    after?: { rank: number; position: string; id: string },
  ): Promise<ProjectDriverRow[]> {
    const rank = sql`(case when p.is_inbox then 0 else 1 end)`;
    const keyset = after
      ? sql`and (${rank}, p.position, p.id) > (${after.rank}::int, ${after.position} collate "C", ${after.id}::uuid)`
      : sql``;
    return this.rows(
      this.database.db,
      sql`${WITH_MEMBERSHIP(userId)} where p.deleted_at is null ${keyset}
        order by ${rank}, p.position, p.id limit ${limit}`,
    );
  }

  async listTrashedOwned(
    userId: string,
    limit: number,
    after?: { deletedAt: string; id: string },
  ): Promise<ProjectDriverRow[]> {
    const keyset = after
      ? sql`and (p.deleted_at, p.id) < (${after.deletedAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    return this.rows(
      this.database.db,
      sql`${WITH_MEMBERSHIP(userId)} where p.deleted_at is not null and p.owner_id = ${userId} ${keyset}
        order by p.deleted_at desc, p.id desc limit ${limit}`,
    );
  }

  async findForMember(
    userId: string,
    id: string,
    executor: Executor = this.database.db,
  ): Promise<ProjectDriverRow | undefined> {
    const [row] = await this.rows(executor, sql`${WITH_MEMBERSHIP(userId)} where p.id = ${id}`);
    return row;
  }

  /** Open live tasks (subtasks included) per project, for a page of projects in one grouped query. */
  async openTaskCounts(
    projectIds: string[],
    executor: Executor = this.database.db,
  ): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const ids = sql.join(
      projectIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = rowsOf<{ project_id: string; open: number }>(
      await executor.execute(sql`select t.project_id, count(*)::int as open from tasks t
        where t.project_id in (${ids}) and t.deleted_at is null and not t.completed
        group by t.project_id`),
    );
    return new Map(rows.map((row) => [row.project_id, Number(row.open)]));
  }

  async lock(tx: Executor, id: string): Promise<ProjectDriverRow | undefined> {
    const [row] = await this.rows(tx, sql`select * from projects where id = ${id} for update`);
    return row;
  }

  async lastPosition(tx: Executor, userId: string): Promise<string | null> {
    const [row] = rowsOf<{ last: string | null }>(
      await tx.execute(sql`select max(p.position) as last from projects p
        join project_members m on m.project_id = p.id and m.user_id = ${userId} where not p.is_inbox`),
    );
    return row?.last ?? null;
  }

  async insertOwned(
    tx: Executor,
    ownerId: string,
    values: { name: string; color: Project['color']; position: string },
  ): Promise<string> {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into projects (owner_id, name, color, position)
        values (${ownerId}, ${values.name}, ${values.color}, ${values.position}) returning id`),
    );
    await tx.execute(
      sql`insert into project_members (project_id, user_id, role) values (${row!.id}, ${ownerId}, 'owner')`,
    );
    return row!.id;
  }

  async update(tx: Executor, id: string, changes: ProjectChanges): Promise<void> {
    const set = [sql`updated_at = now()`, sql`version = version + 1`];
    if (changes.name !== undefined) set.push(sql`name = ${changes.name}`);
    if (changes.color !== undefined) set.push(sql`color = ${changes.color}`);
    if (changes.position !== undefined) set.push(sql`position = ${changes.position}`);
    await tx.execute(sql`update projects set ${sql.join(set, sql`, `)} where id = ${id}`);
  }

  /** Trashes the project and its live tasks together; returns those tasks' ids. */
  async trash(tx: Executor, id: string): Promise<string[]> {
    await tx.execute(sql`update projects set deleted_at = now() where id = ${id}`);
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`update tasks set deleted_at = now(), trashed_with_id = ${id}
        where project_id = ${id} and deleted_at is null returning id`),
    );
    return rows.map((row) => row.id);
  }

  /** Erases projects trashed before `cutoff`, their tasks with them (cascade); returns how many. */
  async purgeTrashedBefore(cutoff: Date): Promise<number> {
    const rows = rowsOf<{ id: string }>(
      await this.database.db.execute(sql`delete from projects where deleted_at is not null
        and deleted_at < ${cutoff.toISOString()}::timestamptz returning id`),
    );
    return rows.length;
  }

  /** Brings the project back with the tasks trashed with it; returns those tasks' ids. */
  async restore(tx: Executor, id: string): Promise<string[]> {
    await tx.execute(sql`update projects set deleted_at = null where id = ${id}`);
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`update tasks set deleted_at = null, trashed_with_id = null
        where trashed_with_id = ${id} returning id`),
    );
    return rows.map((row) => row.id);
  }
}
