import { Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { DatabaseService } from '../database/database.service.js';
import { oauthRecords, personalAccessTokens, refreshTokens } from '../database/schema/index.js';

/** Keeps each query's parameter list well under PostgreSQL's limit of 65,535. */
const BATCH = 1000;

/** Whether the credentials behind open streams still hold, for revocations whose NOTIFY never arrived. */
@Injectable()
export class StreamCredentialsRepository {
  constructor(private readonly database: DatabaseService) {}

  /**
   * Of the given personal access token ids and sessions (refresh-token families), those still valid: tokens that
   * exist, sessions with a refresh token that is not revoked, and OAuth grants that still exist.
   */
  async stillValid(tokenIds: string[], sessionIds: string[], grantIds: string[] = []): Promise<Set<string>> {
    const valid = new Set<string>();
    for (const ids of batches(tokenIds)) {
      const rows = await this.database.db
        .select({ id: personalAccessTokens.id })
        .from(personalAccessTokens)
        .where(inArray(personalAccessTokens.id, ids));
      for (const row of rows) valid.add(row.id);
    }
    for (const ids of batches(sessionIds)) {
      const rows = await this.database.db
        .selectDistinct({ id: refreshTokens.familyId })
        .from(refreshTokens)
        .where(and(inArray(refreshTokens.familyId, ids), isNull(refreshTokens.revokedAt)));
      for (const row of rows) valid.add(row.id);
    }
    for (const ids of batches(grantIds)) {
      const rows = await this.database.db
        .select({ id: oauthRecords.id })
        .from(oauthRecords)
        .where(and(eq(oauthRecords.model, 'Grant'), inArray(oauthRecords.id, ids)));
      for (const row of rows) valid.add(row.id);
    }
    return valid;
  }
}

function* batches(ids: string[]): Generator<string[]> {
  for (let start = 0; start < ids.length; start += BATCH) yield ids.slice(start, start + BATCH);
}
