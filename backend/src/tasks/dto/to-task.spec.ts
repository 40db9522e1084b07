import { randomUUID } from 'node:crypto';
import { eq, getTableColumns } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../../scripts/lib/throwaway-database.mjs';
import { AppConfig } from '../../config/app-config.js';
import { createDatabaseClient, type DatabaseClient } from '../../database/database-client.js';
import type { DatabaseService } from '../../database/database.service.js';
import { tasks, users } from '../../database/schema/index.js';
import { listTasksQuerySchema } from './task.schemas.js';
import { TasksRepository } from '../tasks.repository.js';
import {
  isoFromDriver,
  type TaskDriverRow,
  type TaskRow,
  toTask,
  toTaskFromDriver,
  toTaskPage,
  toTaskRow,
} from './to-task.js';

/** What drizzle's row mapper made of a driver row: every column's own decoder, nulls left null. */
function drizzleRow(raw: TaskDriverRow): TaskRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(tasks))) {
    const value = (raw as unknown as Record<string, unknown>)[column.name];
    row[key] = value === null ? null : column.mapFromDriverValue(value);
  }
  return row as TaskRow;
}

const driverRow = (overrides: Partial<TaskDriverRow> = {}): TaskDriverRow => ({
  id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a01',
  user_id: '5b1d8c02-1111-4a4a-9b9b-000000000001',
  title: 'Write the "report"',
  description: null,
  completed: false,
  completed_at: null,
  priority: 'medium',
  tags: [],
  due_at: null,
  remind_at: null,
  recurrence: null,
  next_occurrence_id: null,
  deleted_at: null,
  created_at: '2026-11-26 23:31:35.123+00',
  updated_at: '2026-11-26 23:31:35.123+00',
  version: 1,
  ...overrides,
});

describe('isoFromDriver', () => {
  it('gives what new Date(text).toISOString() gives', () => {
    const texts = [
      '2026-11-26 23:31:35.123+00',
      '2026-11-26 23:31:35.12+00',
      '2026-11-26 23:31:35.1+00',
      '2026-11-26 23:31:35+00',
      '2026-01-01 00:00:00.001+00',
      '1999-12-31 23:59:59.999+00',
      '0999-03-04 05:06:07.08+00',
      '2024-02-29 12:00:00.5+00',
      // Other forms take the Date path.
      '2026-11-27 00:31:35.123+01',
      '2026-11-26 18:01:35.123-05:30',
      '10000-01-01 00:00:00+00',
      '1900-01-01 00:00:00+00:09:21',
    ];
    // Whatever Date made of it, value or RangeError, the new path makes too.
    const outcome = (make: () => string) => {
      try {
        return make();
      } catch (error) {
        return (error as Error).name;
      }
    };
    for (const text of texts) {
      expect(
        outcome(() => isoFromDriver(text)),
        text,
      ).toBe(outcome(() => new Date(text).toISOString()));
    }
    expect(isoFromDriver('2026-11-26 23:31:35.12+00')).toBe('2026-11-26T23:31:35.120Z');
  });

  it('agrees with Date for random instants and every fraction length', () => {
    for (let i = 0; i < 2_000; i += 1) {
      const iso = new Date(Math.floor(Math.random() * 8e12) - 1e12).toISOString();
      const [date, time] = iso.slice(0, -1).split('T') as [string, string];
      // PostgreSQL leaves out trailing zeros of the fraction (and a zero fraction altogether).
      const text = `${date} ${time.replace(/\.?0+$/, '')}+00`;
      expect(isoFromDriver(text), text).toBe(iso);
    }
  });

  it('throws where the old path threw (infinity, BC)', () => {
    expect(() => isoFromDriver('infinity')).toThrow(RangeError);
    expect(() => new Date('infinity').toISOString()).toThrow(RangeError);
  });
});

describe('toTaskFromDriver', () => {
  const rows: TaskDriverRow[] = [
    driverRow(),
    driverRow({
      description: 'with \u2028 odd \\ characters "quoted"',
      completed: true,
      completed_at: '2026-11-27 08:00:00+00',
      priority: 'high',
      tags: ['home', 'a b', 'ünï'],
      due_at: '2026-12-01 09:30:00.5+00',
      remind_at: '2026-12-01 09:00:00.25+00',
      recurrence: 'weekly',
      next_occurrence_id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a02',
      deleted_at: '2026-12-02 00:00:00+00',
      updated_at: '2026-11-28 10:11:12.013+00',
      version: 42,
    }),
    driverRow({ priority: 'low', recurrence: 'monthly', due_at: '2026-11-27 00:31:35.123+01' }),
    // A driver that hands over the array text is decoded by the column, as drizzle did.
    driverRow({ tags: '{work,"two words","q\\"uote"}' }),
  ];

  it('produces exactly what drizzle’s mapper + toTask produced (same keys, same order, same JSON)', () => {
    for (const row of rows) {
      const fast = toTaskFromDriver(row);
      const old = toTask(drizzleRow(row));
      expect(fast).toStrictEqual(old);
      expect(Object.keys(fast)).toEqual(Object.keys(old));
      expect(JSON.stringify(fast)).toBe(JSON.stringify(old));
    }
  });

  it('toTaskRow decodes like drizzle’s mapper (Dates, arrays, nulls, key order)', () => {
    for (const row of rows) {
      const mapped = toTaskRow(row);
      expect(mapped).toStrictEqual(drizzleRow(row));
      expect(Object.keys(mapped)).toEqual(Object.keys(drizzleRow(row)));
    }
  });
});

/**
 * Against the real drivers: the fast paths of the repository (driver rows of the prepared statements) against the
 * drizzle rows + toTask path, on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
const drivers: { name: string; open(): Promise<{ client: DatabaseClient; drop(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async open() {
      const client = await createDatabaseClient(
        AppConfig.fromEnvironment({ PGLITE_DATA_DIR: 'memory://to-task-spec' }),
      );
      return { client, drop: () => client.close() };
    },
  },
];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  drivers.push({
    name: 'postgres',
    async open() {
      const database = await createDatabase(serverUrl, 'todo_unit');
      const client = await createDatabaseClient(AppConfig.fromEnvironment({ DATABASE_URL: database.url }));
      return {
        client,
        async drop() {
          await client.close();
          await database.drop();
        },
      };
    },
  });
}

describe.each(drivers)('repository fast paths on $name', ({ open }) => {
  let opened: Awaited<ReturnType<(typeof drivers)[number]['open']>>;
  let repository: TasksRepository;
  let userId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    opened = await open();
    await opened.client.migrate();
    const db = opened.client.db;
    repository = new TasksRepository({ db } as DatabaseService);
    const [user] = await db
      .insert(users)
      .values({ email: `${randomUUID()}@example.com`, name: 'Mapper', passwordHash: 'x' })
      .returning();
    userId = user!.id;
    const base = Date.parse('2026-11-26T23:31:35.000Z');
    for (let i = 0; i < 7; i += 1) {
      const [row] = await db
        .insert(tasks)
        .values({
          userId,
          title: `Task ${i} "quoted"`,
          description: i % 2 ? null : `line\n${i}`,
          completed: i === 3,
          completedAt: i === 3 ? new Date(base + 7) : null,
          priority: (['low', 'medium', 'high'] as const)[i % 3],
          tags: i % 3 ? ['x', `t ${i}`, '{braces}', 'q"uote'] : [],
          dueAt: i % 2 ? new Date(base + i * 86_400_000 + i * 10) : null,
          remindAt: i === 5 ? new Date(base + 100) : null,
          recurrence: i === 4 ? 'daily' : i === 6 ? 'monthly' : null,
          // Fractions of 0, 1, 2 and 3 digits in PostgreSQL's text.
          createdAt: new Date(base + [0, 100, 120, 123, 1, 10, 999][i]! + i * 1000),
          updatedAt: new Date(base + 5000 + i),
          version: i + 1,
        })
        .returning();
      ids.push(row!.id);
    }
  });

  afterAll(async () => {
    await opened?.drop();
  });

  it('getTask: findOwnedTask equals toTask(findOwned)', async () => {
    for (const id of ids) {
      const fast = await repository.findOwnedTask(userId, id);
      const old = toTask((await repository.findOwned(userId, id))!);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(old));
    }
    expect(await repository.findOwnedTask(userId, randomUUID())).toBeUndefined();
  });

  it('lockOwned, insert and update (own SQL) return what drizzle reads back', async () => {
    await opened.client.db.transaction(async (tx) => {
      // Read back through drizzle in the same transaction (PGlite has one connection; the rows are uncommitted).
      const read = async (id: string) => (await tx.select().from(tasks).where(eq(tasks.id, id)))[0];
      for (const id of ids) expect(await repository.lockOwned(tx, userId, id)).toStrictEqual(await read(id));
      expect(await repository.lockOwned(tx, randomUUID(), ids[0]!)).toBeUndefined();
      const inserted = await repository.insert(tx, {
        userId,
        title: 'Inserted "one"',
        description: null,
        tags: ['a', 'b c', '{x}', 'q"u'],
        dueAt: new Date('2026-12-24T18:00:00.5Z'),
        remindAt: null,
        recurrence: 'weekly',
      });
      expect(inserted).toStrictEqual(await read(inserted.id));
      expect(inserted).toMatchObject({ completed: false, priority: 'medium', version: 1, deletedAt: null });
      const updated = await repository.update(tx, inserted.id, {
        title: 'Updated',
        description: 'now with text',
        completed: true,
        completedAt: new Date('2026-12-25T00:00:00.12Z'),
        tags: [],
        dueAt: null,
        recurrence: null,
        updatedAt: new Date('2026-12-25T00:00:01Z'),
        version: 2,
      });
      expect(updated).toStrictEqual(await read(inserted.id));
      expect(updated).toMatchObject({ title: 'Updated', tags: [], dueAt: null, version: 2 });
      const trashed = await repository.update(tx, inserted.id, {
        deletedAt: new Date('2026-12-26T00:00:00Z'),
      });
      expect(trashed.deletedAt).toEqual(new Date('2026-12-26T00:00:00Z'));
      expect(await repository.lockOwned(tx, userId, inserted.id)).toBeUndefined();
      await repository.erase(tx, inserted.id);
    });
  });

  it('listTasks first page: listTaskPage equals toTaskPage(listPage), cursor included', async () => {
    for (const limit of [1, 3, 7, 50]) {
      const query = listTasksQuerySchema.parse({ limit: String(limit) });
      const fast = await repository.listTaskPage(userId, query);
      const old = toTaskPage(await repository.listPage(userId, query));
      expect(JSON.stringify(fast)).toBe(JSON.stringify(old));
      expect(fast.items).toHaveLength(Math.min(limit, ids.length));
    }
  });
});
