import { Injectable } from '@nestjs/common';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { tasks } from '../database/schema/index.js';
import { type Quota, QuotaExceeded } from '../throttling/quotas.js';

/**
 * At most MAX_TASKS_PER_USER tasks per user, the trash included: trashed tasks are stored for 30 days too, so
 * create-and-delete must not be a way around it. A next occurrence of a completed recurring task is not refused.
 */
@Injectable()
export class TaskQuota implements Quota {
  constructor(
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  async assertRoom(userId: string): Promise<void> {
    const limit = this.config.env.MAX_TASKS_PER_USER;
    // Two counts, each answered by one of the partial indexes (live tasks, trash).
    const live = await this.database.db.$count(tasks, and(eq(tasks.userId, userId), isNull(tasks.deletedAt)));
    const trashed = await this.database.db.$count(
      tasks,
      and(eq(tasks.userId, userId), isNotNull(tasks.deletedAt)),
    );
    if (live + trashed >= limit) {
      throw new QuotaExceeded('tasks', limit, 'Delete tasks and erase them from the trash to make room.');
    }
  }
}
