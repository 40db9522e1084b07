import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';

const SWEEP_EVERY_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Throttler windows in PostgreSQL (table `rate_limits`), so a limit holds across every replica: one atomic upsert
 * per counted request. A window starts at the first hit and lasts `ttl`; past `limit` hits the key is blocked for
 * `blockDuration`. Expired rows are swept at most once a minute per process.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(PostgresThrottlerStorage.name);
  private lastSweep = Date.now();

  constructor(private readonly database: DatabaseService) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const result = await this.database.db.execute(sql`
      insert into rate_limits as r (key, hits, expires_at, blocked_until)
      values (${key}, 1, now() + ${ttl} * interval '1 millisecond',
              case when 1 > ${limit} then now() + ${blockDuration} * interval '1 millisecond' end)
      on conflict (key) do update set
        hits = case when r.expires_at <= now() then 1 else r.hits + 1 end,
        expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end,
        blocked_until = case
          when r.blocked_until > now() then r.blocked_until
          when (case when r.expires_at <= now() then 1 else r.hits + 1 end) > ${limit}
            then now() + ${blockDuration} * interval '1 millisecond'
        end
      returning hits,
        ceil(extract(epoch from expires_at - now()))::int as "timeToExpire",
        coalesce(ceil(extract(epoch from blocked_until - now())), 0)::int as "timeToBlockExpire"`);
    const row = rowsOf<{ hits: number; timeToExpire: number; timeToBlockExpire: number }>(result)[0]!;
    this.sweepSometimes();
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, row.timeToExpire),
      isBlocked: row.timeToBlockExpire > 0,
      timeToBlockExpire: Math.max(0, row.timeToBlockExpire),
    };
  }

  /**
   * Counts one more failure under `key` and blocks the key for a delay that doubles with each failure past
   * `freeFailures` (the first blocked failure waits `baseMs`), at most `capMs`. The count lasts `windowMs` after
   * the latest failure.
   */
  async recordFailure(
    key: string,
    {
      windowMs,
      freeFailures,
      baseMs,
      capMs,
    }: { windowMs: number; freeFailures: number; baseMs: number; capMs: number },
  ): Promise<void> {
    const hits = sql`(case when r.expires_at <= now() then 1 else r.hits + 1 end)`;
    const delay = (failures: typeof hits) =>
      sql`case when ${failures} > ${freeFailures}
        then now() + least(${capMs}::float8, ${baseMs} * power(2, ${failures} - ${freeFailures} - 1))
          * interval '1 millisecond' end`;
    await this.database.db.execute(sql`
      insert into rate_limits as r (key, hits, expires_at, blocked_until)
      values (${key}, 1, now() + ${windowMs} * interval '1 millisecond', ${delay(sql`1`)})
      on conflict (key) do update set
        hits = ${hits},
        expires_at = excluded.expires_at,
        blocked_until = ${delay(hits)}`);
    this.sweepSometimes();
  }

  /** Whole seconds until `key` is no longer blocked; 0 when it is not. */
  async blockedSeconds(key: string): Promise<number> {
    const result = await this.database.db.execute(sql`
      select coalesce(ceil(extract(epoch from blocked_until - now())), 0)::int as seconds
      from rate_limits where key = ${key}`);
    return Math.max(0, rowsOf<{ seconds: number }>(result)[0]?.seconds ?? 0);
  }

  /** Keeps `key` present for `ttlMs` from now (a mark, not a count). */
  async remember(key: string, ttlMs: number): Promise<void> {
    await this.database.db.execute(sql`
      insert into rate_limits (key, hits, expires_at) values (${key}, 1, now() + ${ttlMs} * interval '1 millisecond')
      on conflict (key) do update set expires_at = excluded.expires_at, blocked_until = null`);
  }

  async isRemembered(key: string): Promise<boolean> {
    const result = await this.database.db.execute(
      sql`select 1 from rate_limits where key = ${key} and expires_at > now()`,
    );
    return rowsOf(result).length > 0;
  }

  async forget(key: string): Promise<void> {
    await this.database.db.execute(sql`delete from rate_limits where key = ${key}`);
  }

  private sweepSometimes(): void {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    this.database.db
      .execute(
        sql`delete from rate_limits where expires_at < now() and (blocked_until is null or blocked_until < now())`,
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, 'rate limit sweep failed'));
  }
}
