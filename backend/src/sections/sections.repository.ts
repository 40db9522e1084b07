import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { isoFromDriver } from '../projects/dto/to-project.js';
import type { Section } from './dto/section.schemas.js';

interface SectionDriverRow {
  id: string;
  project_id: string;
  name: string;
  position: string;
  created_at: string;
  updated_at: string;
}

const toSection = (row: SectionDriverRow): Section => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  position: row.position,
  createdAt: isoFromDriver(row.created_at),
  updatedAt: isoFromDriver(row.updated_at),
});

@Injectable()
export class SectionsRepository {
  constructor(private readonly database: DatabaseService) {}

  private async rows(executor: Executor, query: SQL): Promise<SectionDriverRow[]> {
    return rowsOf<SectionDriverRow>(await executor.execute(query));
  }

  async listOf(projectId: string, limit: number): Promise<Section[]> {
    const rows = await this.rows(
      this.database.db,
      sql`select * from sections where project_id = ${projectId} order by position, id limit ${limit}`,
    );
    return rows.map(toSection);
  }

  async find(id: string, executor: Executor = this.database.db): Promise<Section | undefined> {
    const [row] = await this.rows(executor, sql`select * from sections where id = ${id}`);
    return row && toSection(row);
  }

  async countAndLast(tx: Executor, projectId: string): Promise<{ count: number; last: string | null }> {
    const [row] = rowsOf<{ count: number; last: string | null }>(
      await tx.execute(sql`select count(*)::int as count, max(position) as last from sections
        where project_id = ${projectId}`),
    );
    return { count: Number(row?.count ?? 0), last: row?.last ?? null };
  }

  async insert(
    tx: Executor,
    values: { projectId: string; name: string; position: string },
  ): Promise<Section> {
    const [row] = await this.rows(
      tx,
      sql`insert into sections (project_id, name, position)
        values (${values.projectId}, ${values.name}, ${values.position}) returning *`,
    );
    return toSection(row!);
  }

  async update(tx: Executor, id: string, changes: { name?: string; position?: string }): Promise<Section> {
    const set = [sql`updated_at = now()`];
    if (changes.name !== undefined) set.push(sql`name = ${changes.name}`);
    if (changes.position !== undefined) set.push(sql`position = ${changes.position}`);
    const [row] = await this.rows(
      tx,
      sql`update sections set ${sql.join(set, sql`, `)} where id = ${id} returning *`,
    );
    return toSection(row!);
  }

  /** Deletes the section; its tasks stay in the project without a section (a change, so versions move). */
  async delete(tx: Executor, id: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`update tasks set section_id = null, updated_at = now(), version = version + 1
        where section_id = ${id} returning id`),
    );
    await tx.execute(sql`delete from sections where id = ${id}`);
    return rows.map((row) => row.id);
  }
}
