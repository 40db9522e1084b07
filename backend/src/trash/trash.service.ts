import { Injectable } from '@nestjs/common';
import { Conflict, NotFound } from '../common/app-errors.js';
import type { Executor } from '../database/database-client.js';
import { ProjectAccess } from '../projects/project-access.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { IdempotencyStore, isUniqueViolation } from '../idempotency/idempotency.store.js';
import { TaskEventLog } from '../events/task-event-log.js';
import type { PageQuery, Task } from '../tasks/dto/task.schemas.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import type { TrashPage } from './dto/trash.schemas.js';

const DAY_MS = 86_400_000;

@Injectable()
export class TrashService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: TasksRepository,
    private readonly events: TaskEventLog,
    private readonly idempotency: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  /** Each task says when the housekeeping purge (TRASH_RETENTION_DAYS after trashing) will erase it. */
  async list(userId: string, query: PageQuery): Promise<TrashPage> {
    const retentionMs = this.config.env.TRASH_RETENTION_DAYS * DAY_MS;
    const { items, nextCursor } = await this.repository.listTrashPage(userId, query);
    return {
      items: items.map((task) => ({
        ...task,
        erasesAt: new Date(Date.parse(task.trashedAt) + retentionMs).toISOString(),
      })),
      nextCursor,
    };
  }

  /** Empty trash: erases every trashed task of the user at once (nothing to undo). */
  async empty(userId: string): Promise<void> {
    await this.database.db.transaction((tx) => this.repository.eraseAllTrashed(tx, userId));
  }

  /**
   * With an Idempotency-Key, a retry whose first attempt succeeded gets that 200 again instead of a 404. A task
   * whose project is in the trash stays there (409) until the project comes back: restored alone it would live in a
   * project nobody can open.
   */
  async restore(userId: string, id: string, idempotencyKey?: string): Promise<Task> {
    const fingerprint = IdempotencyStore.fingerprint({ restoreTask: id });
    const replay = async () =>
      idempotencyKey ? (await this.idempotency.replay(userId, idempotencyKey, fingerprint))?.body : undefined;
    const stored = await replay();
    if (stored) return stored as Task;
    try {
      const { task, events } = await this.database.db.transaction(async (tx) => {
        const trashed = await this.trashedWritable(tx, userId, id);
        const home = await this.repository.restoreTarget(tx, trashed);
        if (home.projectTrashed) {
          throw new Conflict(
            'The task’s project is in the trash: restore the project (POST /api/v1/projects/{id}/restore) first.',
          );
        }
        // A parent trashed on its own after this task: the task comes back at its project's top level.
        const task = await this.repository.update(tx, id, {
          deletedAt: null,
          ...(home.parentGone ? { parentId: null, updatedAt: new Date(), version: trashed.version + 1 } : {}),
        });
        const carried = await this.repository.restoreTrashedWith(tx, id);
        if (idempotencyKey) {
          await this.idempotency.save(tx, userId, idempotencyKey, fingerprint, {
            status: 200,
            body: task,
            location: null,
          });
        }
        const restored = { action: 'task.restored' } as const;
        const events = [await this.events.record(tx, userId, 'task.restored', id, restored)];
        for (const descendant of carried)
          events.push(await this.events.record(tx, userId, 'task.restored', descendant, restored));
        return { task, events };
      });
      await this.events.announce(events);
      return task;
    } catch (error) {
      // A concurrent retry with the same key won the race, or restored it between our replay and our lock.
      if (idempotencyKey && (isUniqueViolation(error) || error instanceof NotFound)) {
        const raced = await replay();
        if (raced) return raced as Task;
      }
      throw error;
    }
  }

  /**
   * A task trashed on its own, locked, in a project where the caller may write: restoring and erasing are changes
   * to the project (not a member: 404; a viewer: 403), whoever trashed it.
   */
  private async trashedWritable(tx: Executor, userId: string, id: string): Promise<Task> {
    const found = await this.repository.findTrashed(userId, id, tx);
    ProjectAccess.decide(found?.role, 'write', 'Trashed task');
    return found!.task;
  }

  async erase(userId: string, id: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await this.trashedWritable(tx, userId, id);
      await this.repository.erase(tx, id);
    });
  }
}
