import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { parseTimestamptz } from '../database/schema/columns.js';
import type { ProjectRole } from '../projects/project-access.js';
import type { Comment } from './dto/comment.schemas.js';

interface CommentRow {
  id: string;
  task_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: string | Date;
}

/** A comment with what deciding on it needs: its task's project and the caller's role there (null: not a member). */
export interface CommentForMember {
  comment: Comment;
  projectId: string;
  role: ProjectRole | null;
}

const iso = (value: string | Date) => (value instanceof Date ? value : parseTimestamptz(value)).toISOString();

const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  taskId: row.task_id,
  author: { id: row.author_id, name: row.author_name },
  body: row.body,
  createdAt: iso(row.created_at),
});

@Injectable()
export class CommentsRepository {
  constructor(private readonly database: DatabaseService) {}

  private async rows<T>(executor: Executor, query: SQL): Promise<T[]> {
    return rowsOf<T>(await executor.execute(query));
  }

  /** Oldest first, after (`createdAt`, `id`) when paging on (comments_task_created_idx). */
  async listPage(
    taskId: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<Comment[]> {
    const rows = await this.rows<CommentRow>(
      this.database.db,
      sql`select c.*, u.name as author_name from comments c join users u on u.id = c.author_id
        where c.task_id = ${taskId}
          ${after ? sql`and (c.created_at, c.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
        order by c.created_at, c.id limit ${limit}`,
    );
    return rows.map(toComment);
  }

  async insert(tx: Executor, values: { taskId: string; authorId: string; body: string }): Promise<Comment> {
    const [row] = await this.rows<CommentRow>(
      tx,
      sql`with added as (insert into comments (task_id, author_id, body)
          values (${values.taskId}, ${values.authorId}, ${values.body}) returning *)
        select added.*, u.name as author_name from added join users u on u.id = added.author_id`,
    );
    return toComment(row!);
  }

  /** A comment on a live task, locked, with the caller's role in the task's project. */
  async lockForMember(tx: Executor, userId: string, id: string): Promise<CommentForMember | undefined> {
    const [row] = await this.rows<CommentRow & { project_id: string; member_role: ProjectRole | null }>(
      tx,
      sql`select c.*, u.name as author_name, t.project_id, m.role as member_role
        from comments c join tasks t on t.id = c.task_id join users u on u.id = c.author_id
        left join project_members m on m.project_id = t.project_id and m.user_id = ${userId}
        where c.id = ${id} and t.deleted_at is null for update of c`,
    );
    return row && { comment: toComment(row), projectId: row.project_id, role: row.member_role };
  }

  async delete(tx: Executor, id: string): Promise<void> {
    await tx.execute(sql`delete from comments where id = ${id}`);
  }
}
