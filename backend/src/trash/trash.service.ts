import { Injectable } from '@nestjs/common';
import { NotFound } from '../common/app-errors.js';
import { DatabaseService } from '../database/database.service.js';
import { TaskEventLog } from '../realtime/task-event-log.js';
import type { PageQuery, Task } from '../tasks/dto/task.schemas.js';
import { toTask, toTaskPage } from '../tasks/dto/to-task.js';
import { TasksRepository } from '../tasks/tasks.repository.js';

@Injectable()
export class TrashService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: TasksRepository,
    private readonly events: TaskEventLog,
  ) {}

  async list(userId: string, query: PageQuery) {
    return toTaskPage(await this.repository.listTrashPage(userId, query));
  }

  async restore(userId: string, id: string): Promise<Task> {
    const { row, event } = await this.database.db.transaction(async (tx) => {
      const trashed = await this.repository.findTrashed(userId, id, tx);
      if (!trashed) throw new NotFound('Trashed task');
      const row = await this.repository.update(tx, id, { deletedAt: null });
      return { row, event: await this.events.record(tx, userId, 'task.restored', id) };
    });
    await this.events.announce([event]);
    return toTask(row);
  }

  async erase(userId: string, id: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const trashed = await this.repository.findTrashed(userId, id, tx);
      if (!trashed) throw new NotFound('Trashed task');
      await this.repository.erase(tx, id);
    });
  }
}
