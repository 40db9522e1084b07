import { Injectable } from '@nestjs/common';
import { and, desc, eq } from 'drizzle-orm';
import { DatabaseService } from '../database/database.service.js';
import { personalAccessTokens } from '../database/schema/index.js';
import type { TokenRow } from './dto/token.schemas.js';

@Injectable()
export class TokensRepository {
  constructor(private readonly database: DatabaseService) {}

  async insert(values: typeof personalAccessTokens.$inferInsert): Promise<TokenRow> {
    const [row] = await this.database.db.insert(personalAccessTokens).values(values).returning();
    return row!;
  }

  list(userId: string): Promise<TokenRow[]> {
    return this.database.db
      .select()
      .from(personalAccessTokens)
      .where(eq(personalAccessTokens.userId, userId))
      .orderBy(desc(personalAccessTokens.createdAt), desc(personalAccessTokens.id));
  }

  async findByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(personalAccessTokens)
      .where(eq(personalAccessTokens.tokenHash, tokenHash));
    return row;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.database.db
      .update(personalAccessTokens)
      .set({ lastUsedAt: at })
      .where(eq(personalAccessTokens.id, id));
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(personalAccessTokens)
      .where(and(eq(personalAccessTokens.id, id), eq(personalAccessTokens.userId, userId)))
      .returning({ id: personalAccessTokens.id });
    return rows.length > 0;
  }
}
