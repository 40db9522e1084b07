import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/database/database-client.js';
import { MAX_PREPARED_PARAMETERS, preparedByDefault } from '../../src/database/prepared-by-default.js';
import type {} from '../support/provided.js';

const provided = inject('database');

/** Statements prepared on this session whose SQL contains `marker` (pg_prepared_statements is per session). */
const preparedLike = async (db: Pick<Database, 'execute'>, marker: string) => {
  const rows = (await db.execute(
    sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`}`,
  )) as unknown as { n: number }[];
  return rows[0]!.n;
};

describe.skipIf(provided.kind !== 'postgres')('statements prepared by default (PostgreSQL)', () => {
  let client: postgres.Sql;
  let db: Database;
  beforeAll(() => {
    // One connection, so every statement and the check run on the same session.
    client = postgres(provided.kind === 'postgres' ? provided.url : '', {
      max: 1,
      onnotice: () => undefined,
    });
    db = drizzle(preparedByDefault(client)) as unknown as Database;
  });
  afterAll(() => client.end({ timeout: 5 }));

  it('names a parameterized statement once and reuses it, in transactions and on the pool', async () => {
    await db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await tx.execute(sql`select ${n}::int as in_transaction`);
      expect(await preparedLike(tx, 'as in_transaction')).toBe(1);
    });
    for (const n of [1, 2]) await db.execute(sql`select ${n}::int as on_pool`);
    expect(await preparedLike(db, 'as on_pool')).toBe(1);
  });

  it('leaves statements with many parameters unnamed', async () => {
    const many = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
    const [row] = (await db.execute(
      sql`select ${sql.join(many, sql` + `)} as many_parameters`,
    )) as unknown as { many_parameters: number }[];
    expect(Number(row!.many_parameters)).toBe((MAX_PREPARED_PARAMETERS * (MAX_PREPARED_PARAMETERS + 1)) / 2);
    expect(await preparedLike(db, 'as many_parameters')).toBe(0);
  });
});
