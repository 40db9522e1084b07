import { Injectable } from '@nestjs/common';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { refreshTokens } from '../database/schema/index.js';

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly database: DatabaseService) {}

  get db() {
    return this.database.db;
  }

  async insert(
    executor: Executor,
    values: { userId: string; familyId: string; tokenHash: string; expiresAt: Date },
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

  async markSpent(tx: Executor, id: string): Promise<void> {
    await tx.update(refreshTokens).set({ spentAt: new Date() }).where(eq(refreshTokens.id, id));
  }

  async revokeFamily(executor: Executor, familyId: string): Promise<void> {
    await executor
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
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
  }
}
