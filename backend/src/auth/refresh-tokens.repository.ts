import { Injectable } from '@nestjs/common';
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { refreshTokens } from '../database/schema/index.js';

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

@Injectable()
export class RefreshTokensRepository {
  constructor(
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  get db() {
    return this.database.db;
  }

  async insert(
    executor: Executor,
    values: { userId: string; familyId: string; tokenHash: string; expiresAt: Date; authTime: Date | null },
  ): Promise<void> {
    await executor.insert(refreshTokens).values(values);
  }

  async lockByHash(tx: Executor, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .for('update');
    return row;
  }

  /** Unlocked: the grace path only reads its successor, so it never waits on a second row lock. */
  async findByHash(executor: Executor, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await executor.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
    return row;
  }

  async markSpent(tx: Executor, id: string, successorSeal: string | null): Promise<void> {
    await tx
      .update(refreshTokens)
      .set({ spentAt: new Date(), successorSeal })
      .where(eq(refreshTokens.id, id));
  }

  async revokeFamily(executor: Executor, familyId: string): Promise<void> {
    await executor
      .update(refreshTokens)
      .set({ revokedAt: new Date(), successorSeal: null })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  async pruneExpired(now: Date): Promise<void> {
    await this.db
      .delete(refreshTokens)
      .where(
        or(
          lt(refreshTokens.expiresAt, now),
          lt(refreshTokens.revokedAt, new Date(now.getTime() - 86_400_000)),
        ),
      );
    const graceEnded = new Date(now.getTime() - this.config.env.REFRESH_REUSE_GRACE_SECONDS * 1000);
    await this.db
      .update(refreshTokens)
      .set({ successorSeal: null })
      .where(and(isNotNull(refreshTokens.successorSeal), lt(refreshTokens.spentAt, graceEnded)));
  }
}
