import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository.js';
import { AppConfig } from '../config/app-config.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { TaskEventLog } from '../realtime/task-event-log.js';
import { TasksRepository } from '../tasks/tasks.repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EVENT_LOG_WINDOW_MS = 15 * 60_000;

/**
 * Hourly housekeeping: trash past its retention, old event log rows, idempotency keys after a day, dead
 * refresh tokens. Deletes are idempotent, so running on every replica at once is harmless.
 */
@Injectable()
export class TrashPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrashPurge.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly tasks: TasksRepository,
    private readonly events: TaskEventLog,
    private readonly idempotency: IdempotencyStore,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(now = new Date()): Promise<void> {
    try {
      const purged = await this.tasks.purgeTrashedBefore(
        new Date(now.getTime() - this.config.env.TRASH_RETENTION_DAYS * DAY_MS),
      );
      await this.events.pruneBefore(new Date(now.getTime() - EVENT_LOG_WINDOW_MS));
      await this.idempotency.pruneBefore(new Date(now.getTime() - DAY_MS));
      await this.refreshTokens.pruneExpired(now);
      if (purged > 0) this.logger.log({ event: 'trash.purged', count: purged });
    } catch (error) {
      this.logger.warn({ err: error }, 'housekeeping failed; will retry next hour');
    }
  }
}
