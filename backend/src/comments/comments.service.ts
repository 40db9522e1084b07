import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DatabaseService } from '../database/database.service.js';
import { ActivityLog } from '../events/activity-log.js';
import { TaskEventLog } from '../events/task-event-log.js';
import { IdempotencyStore, isUniqueViolation } from '../idempotency/idempotency.store.js';
import type { ProjectPageQuery } from '../projects/dto/project.schemas.js';
import { type ProjectNeed, ProjectAccess } from '../projects/project-access.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import { CommentsRepository } from './comments.repository.js';
import type { Comment, CommentPage, CreateCommentInput } from './dto/comment.schemas.js';

const SORT = 'comments';
const isInstant = (key: string | null) => key !== null && !Number.isNaN(Date.parse(key));

/**
 * A task's comments, under the task's rules (ProjectAccess): members read them, owners and editors write them, a
 * trashed task's are 404 like the task. A comment goes with its author's say or the project owner's.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: CommentsRepository,
    private readonly tasks: TasksRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly events: TaskEventLog,
    private readonly activity: ActivityLog,
  ) {}

  async list(userId: string, taskId: string, query: ProjectPageQuery): Promise<CommentPage> {
    await this.taskFor(userId, taskId, 'read');
    const cursor = query.cursor ? decodeCursor(query.cursor, SORT, isInstant) : undefined;
    const rows = await this.repository.listPage(
      taskId,
      query.limit + 1,
      cursor && { createdAt: cursor.k!, id: cursor.id },
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ s: SORT, k: last.createdAt, id: last.id }) : null,
    };
  }

  /** With an Idempotency-Key, a retry of the same body returns the first 201 instead of commenting twice. */
  async create(
    userId: string,
    taskId: string,
    input: CreateCommentInput,
    idempotencyKey?: string,
  ): Promise<Comment> {
    const fingerprint = IdempotencyStore.fingerprint({ comment: taskId, body: input.body });
    const replay = async () =>
      idempotencyKey ? (await this.idempotency.replay(userId, idempotencyKey, fingerprint))?.body : undefined;
    const stored = await replay();
    if (stored) return stored as Comment;
    // Before the transaction: PGlite's one connection is not asked twice at once. A task trashed in between keeps
    // a comment nobody sees until it comes back.
    const { projectId } = await this.taskFor(userId, taskId, 'write');
    try {
      const { comment, event } = await this.database.db.transaction(async (tx) => {
        const comment = await this.repository.insert(tx, { taskId, authorId: userId, body: input.body });
        const event = await this.events.recordProjectEvent(tx, userId, {
          type: 'comment.created',
          projectId,
          taskId,
          subjectId: comment.id,
        });
        await this.activity.record(tx, userId, [{ action: 'comment.created', projectId, taskId }]);
        if (idempotencyKey) {
          await this.idempotency.save(tx, userId, idempotencyKey, fingerprint, {
            status: 201,
            body: comment,
            location: null,
          });
        }
        return { comment, event };
      });
      await this.events.announce([event]);
      return comment;
    } catch (error) {
      // A concurrent retry with the same key won the race: replay its response.
      if (idempotencyKey && isUniqueViolation(error)) {
        const raced = await replay();
        if (raced) return raced as Comment;
      }
      throw error;
    }
  }

  /** Its author, or the project's owner; another member is 403, anyone else 404. */
  async delete(userId: string, id: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const found = await this.repository.lockForMember(tx, userId, id);
      ProjectAccess.decide(found?.role, 'read', 'Comment');
      const { comment, projectId, role } = found!;
      if (comment.author.id !== userId) ProjectAccess.decide(role, 'own', 'Comment');
      await this.repository.delete(tx, id);
      await this.activity.record(tx, userId, [
        { action: 'comment.deleted', projectId, taskId: comment.taskId },
      ]);
    });
  }

  /** A live task the caller may `need`: not a member (or no such task, or trashed) is 404, short of it 403. */
  private async taskFor(userId: string, taskId: string, need: ProjectNeed): Promise<{ projectId: string }> {
    const found = await this.tasks.findForMember(userId, taskId);
    ProjectAccess.decide(found?.role, need, 'Task');
    return { projectId: found!.task.projectId };
  }
}
