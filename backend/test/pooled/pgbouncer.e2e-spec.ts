import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rowsOf } from '../../src/database/database.service.js';
import { createTask } from '../factories/tasks.js';
import { signUp } from '../factories/users.js';
import type {} from '../support/provided.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const provided = inject('database');
const pooler = provided.kind === 'postgres' ? provided.pooler : undefined;

/**
 * What only a transaction pooler breaks (vitest project pgbouncer: the API's pool goes through a real PgBouncer
 * 1.18 with fewer server connections than clients, LISTEN and migrations straight to PostgreSQL).
 */
describe.skipIf(!pooler)('The API behind PgBouncer in transaction mode', () => {
  let sut: TestApp;
  let direct: postgres.Sql;

  beforeAll(async () => {
    sut = await startTestApp({ DB_POOL_MAX: '8' });
    direct = postgres(provided.kind === 'postgres' ? provided.url : '', {
      max: 1,
      onnotice: () => undefined,
    });
  });
  afterAll(async () => {
    await sut?.close();
    await direct?.end();
  });

  it('serves the hot reads concurrently, each on whichever server connection is free (nothing prepared by name)', async () => {
    const user = await signUp(sut);
    const tasks = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createTask(sut, user, { title: `pooled ${i}` })),
    );
    const reads = Array.from({ length: 8 }, () => [
      ...tasks.map((task) => sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth)),
      sut.http.get('/api/v1/tasks?limit=5').set(user.auth),
    ]).flat();
    const statuses = (await Promise.all(reads)).map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('answers every one of many concurrent statements with parameters (none pipelined behind another)', async () => {
    // postgres.js describes an unnamed statement before running it, with a Flush and no Sync. Pipelined behind a
    // statement without parameters, its description arrives after PgBouncer has handed the server connection back
    // (at the first statement's ReadyForQuery); PgBouncer drops it as "dirty" and that client connection waits for
    // ever. Half the statements here have no parameters, as the API's readiness ping and webhook check do.
    const statements = Array.from({ length: 400 }, async (_, i) =>
      rowsOf<{ n: number }>(
        await sut.database.db.execute(i % 2 ? sql`select ${i}::int as n` : sql.raw(`select ${i} as n`)),
      ),
    );
    const answered = Promise.all(statements).then((rows) => rows.map(([row]) => row!.n));
    const hung = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('statements still unanswered after 15 s')), 15_000).unref(),
    );
    expect(await Promise.race([answered, hung])).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('keeps the UTC session PgBouncer carries over although the database’s own zone is not UTC', async () => {
    const zones = await Promise.all(
      Array.from({ length: 16 }, async () =>
        rowsOf<{ zone: string }>(
          await sut.database.db.execute(sql`select current_setting('TimeZone') as zone`),
        ),
      ),
    );
    expect(new Set(zones.flat().map((row) => row.zone))).toEqual(new Set(['UTC']));
    const [own] = await direct<{ zone: string }[]>`select current_setting('TimeZone') as zone`;
    expect(own?.zone, 'the database default this suite sets').toBe('America/St_Johns');
    const user = await signUp(sut);
    const task = await createTask(sut, user, { title: 'old', dueAt: '1850-01-01T12:00:00.000Z' });
    expect(task.dueAt).toBe('1850-01-01T12:00:00.000Z');
    const read = await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);
    expect(read.body.dueAt).toBe('1850-01-01T12:00:00.000Z');
  });

  it('migrates on the direct URL: its advisory lock is released, not left on a pooled server connection', async () => {
    await sut.database.client.migrate();
    const held = await direct`select pid from pg_locks where locktype = 'advisory' and objid = 7404211`;
    expect(held).toEqual([]);
  });
});
