import { Injectable } from '@nestjs/common';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { tasks } from '../database/schema/index.js';
import { type Quota, QuotaExceeded } from '../throttling/quotas.js';

/** How long an exact count is trusted before a create counts again. */
const RECOUNT_AFTER_MS = 60_000;
/** Users whose last count is kept (the oldest is dropped beyond this). */
const KEPT_COUNTS = 10_000;

/**
 * At most MAX_TASKS_PER_USER tasks per user, the trash included: trashed tasks are stored for 30 days too, so
 * create-and-delete must not be a way around it. A next occurrence of a completed recurring task is not refused.
 *
 * Counting is linear in the user's tasks, so a create counts exactly only when the last count is over a minute old
 * or the user is within a margin of the limit; otherwise it adds one to the last count. The margin (a tenth of the
 * limit, at least a minute of writes at the write rate limit) covers what other replicas created meanwhile; deletes
 * only make the estimate high, which means an exact count sooner.
 */
@Injectable()
export class TaskQuota implements Quota {
  private readonly lastCounts = new Map<string, { count: number; countedAt: number }>();

  constructor(
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  async assertRoom(userId: string): Promise<void> {
    const limit = this.config.env.MAX_TASKS_PER_USER;
    const margin = Math.max(Math.ceil(limit / 10), this.config.env.WRITE_RATE_LIMIT_PER_MINUTE);
    const now = Date.now();
    const last = this.lastCounts.get(userId);
    if (last && now - last.countedAt < RECOUNT_AFTER_MS && last.count < limit - margin) {
      last.count += 1;
      return;
    }
    const count = await this.count(userId);
    if (count >= limit) {
      throw new QuotaExceeded('tasks', limit, 'Delete tasks and erase them from the trash to make room.');
    }
    this.remember(userId, { count: count + 1, countedAt: now });
  }

  private async count(userId: string): Promise<number> {
    // Two counts, each answered by one of the partial indexes (live tasks, trash).
    const live = await this.database.db.$count(tasks, and(eq(tasks.userId, userId), isNull(tasks.deletedAt)));
    const trashed = await this.database.db.$count(
      tasks,
      and(eq(tasks.userId, userId), isNotNull(tasks.deletedAt)),
    );
    return live + trashed;
  }

  private remember(userId: string, entry: { count: number; countedAt: number }): void {
    this.lastCounts.delete(userId);
    this.lastCounts.set(userId, entry);
    if (this.lastCounts.size > KEPT_COUNTS) {
      const oldest = this.lastCounts.keys().next().value;
      if (oldest !== undefined) this.lastCounts.delete(oldest);
    }
  }
}
