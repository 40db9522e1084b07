import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

const HOUR_MS = 3_600_000;

/** Deletes what its owner no longer keeps as of `now`; returns how many rows went, when it knows. */
export type Prune = (now: Date) => Promise<number | void>;

/**
 * Hourly housekeeping. Each module registers how its own tables are pruned (trash past retention, old task
 * events, idempotency keys, dead refresh tokens); this only keeps the clock. Deletes are idempotent, so every
 * replica running them at once is harmless.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Housekeeping.name);
  private readonly prunes = new Map<string, Prune>();
  private timer?: NodeJS.Timeout;

  register(name: string, prune: Prune): void {
    this.prunes.set(name, prune);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs every registered prune; one that fails does not keep the others from running. */
  async run(now = new Date()): Promise<void> {
    for (const [name, prune] of this.prunes) {
      try {
        const count = await prune(now);
        if (count) this.logger.log({ event: 'housekeeping.pruned', name, count });
      } catch (error) {
        this.logger.warn({ err: error, name }, 'housekeeping failed; will retry next hour');
      }
    }
  }
}
