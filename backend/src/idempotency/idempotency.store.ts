import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, eq, lt } from 'drizzle-orm';
import { UnprocessableEntity } from '../common/app-errors.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { idempotencyKeys } from '../database/schema/index.js';

export interface StoredResponse {
  status: number;
  body: unknown;
  location: string | null;
}

/** Remembers the first response to a keyed POST so a retry replays it instead of acting twice. */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly database: DatabaseService) {}

  static fingerprint(body: unknown): string {
    return createHash('sha256').update(stableJson(body)).digest('hex');
  }

  /** The stored response for this key, or undefined; 422 when the key was used with another body. */
  async replay(userId: string, key: string, fingerprint: string): Promise<StoredResponse | undefined> {
    const [row] = await this.database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!row) return undefined;
    if (row.requestHash !== fingerprint) {
      throw new UnprocessableEntity(
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    return { status: row.status, body: row.body, location: row.location };
  }

  /** Saved in the same transaction as the effect; a concurrent duplicate fails on the primary key. */
  async save(tx: Executor, userId: string, key: string, fingerprint: string, response: StoredResponse) {
    await tx.insert(idempotencyKeys).values({
      userId,
      key,
      requestHash: fingerprint,
      status: response.status,
      body: response.body,
      location: response.location,
    });
  }

  async pruneBefore(cutoff: Date): Promise<void> {
    await this.database.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff));
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as { code?: string }).code === '23505';
}
