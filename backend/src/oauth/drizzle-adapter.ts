import { and, eq, lt, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DatabaseService } from '../database/database.service.js';
import { oauthRecords } from '../database/schema/index.js';

/**
 * oidc-provider's storage in the `oauth_records` table: one row per record of one model (Client, Grant,
 * Interaction, AuthorizationCode, AccessToken, RefreshToken, ...). Nothing is cached in the process, so a grant
 * revoked on one replica is gone on all of them at the next lookup.
 */
export function drizzleAdapter(database: DatabaseService): new (model: string) => Adapter {
  return class DrizzleAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        model: this.model,
        id,
        payload,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        accountId: payload.accountId ?? null,
        clientId: payload.clientId ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await database.db
        .insert(oauthRecords)
        .values(row)
        .onConflictDoUpdate({ target: [oauthRecords.model, oauthRecords.id], set: row });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.first(eq(oauthRecords.id, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.first(eq(oauthRecords.uid, uid));
    }

    async findByUserCode(): Promise<AdapterPayload | undefined> {
      return undefined; // No device flow.
    }

    async consume(id: string): Promise<void> {
      await database.db
        .update(oauthRecords)
        .set({ consumedAt: new Date() })
        .where(and(eq(oauthRecords.model, this.model), eq(oauthRecords.id, id)));
    }

    async destroy(id: string): Promise<void> {
      await database.db
        .delete(oauthRecords)
        .where(and(eq(oauthRecords.model, this.model), eq(oauthRecords.id, id)));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await database.db
        .delete(oauthRecords)
        .where(and(eq(oauthRecords.model, this.model), eq(oauthRecords.grantId, grantId)));
    }

    private async first(condition: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
      const [row] = await database.db
        .select({ payload: oauthRecords.payload, consumedAt: oauthRecords.consumedAt })
        .from(oauthRecords)
        .where(
          and(
            eq(oauthRecords.model, this.model),
            condition,
            sql`(${oauthRecords.expiresAt} is null or ${oauthRecords.expiresAt} > now())`,
          ),
        )
        .limit(1);
      if (!row) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }
  };
}

/** Housekeeping: records past their expiry are of no use to anyone. */
export async function pruneExpiredRecords(database: DatabaseService, now: Date): Promise<void> {
  await database.db.delete(oauthRecords).where(lt(oauthRecords.expiresAt, now));
}
