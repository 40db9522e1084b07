import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { AppConfig } from '../config/app-config.js';
import { createDatabaseClient, type DatabaseClient, type Transaction } from '../database/database-client.js';
import type { DatabaseService } from '../database/database.service.js';
import { users } from '../database/schema/index.js';
import { listTasksQuerySchema, pageQuerySchema, type Task } from './dto/task.schemas.js';
import { TasksRepository } from './tasks.repository.js';

/** The repository's SQL and its row mapping on both drivers: PGlite, and PostgreSQL with TEST_DATABASE_URL. */
const drivers: { name: string; open(): Promise<{ client: DatabaseClient; drop(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async open() {
      const client = await createDatabaseClient(
        AppConfig.fromEnvironment({ PGLITE_DATA_DIR: 'memory://tasks-repository-spec' }),
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

const BASE = Date.parse('2026-11-26T23:31:35.000Z');
const at = (offsetMs: number) => new Date(BASE + offsetMs);

describe.each(drivers)('TasksRepository on $name', ({ open }) => {
  let opened: Awaited<ReturnType<(typeof drivers)[number]['open']>>;
  let sut: TasksRepository;
  let userId: string;
  let otherUserId: string;
  const created: Task[] = [];

  const transaction = <T>(work: (tx: Transaction) => Promise<T>) => opened.client.db.transaction(work);

  beforeAll(async () => {
    opened = await open();
    await opened.client.migrate();
    const db = opened.client.db;
    sut = new TasksRepository({ db, client: opened.client } as DatabaseService);
    const person = (name: string) => ({ email: `${randomUUID()}@example.com`, name, passwordHash: 'x' });
    const [user, other] = await db
      .insert(users)
      .values([person('Owner'), person('Other')])
      .returning();
    userId = user!.id;
    otherUserId = other!.id;
    for (let i = 0; i < 7; i += 1) {
      created.push(
        await transaction((tx) =>
          sut.insert(tx, {
            userId,
            title: `Task ${i} "quoted"`,
            description: i % 2 ? null : `line\n${i}`,
            completed: i === 3,
            completedAt: i === 3 ? at(7) : null,
            priority: (['low', 'medium', 'high'] as const)[i % 3],
            tags: i % 3 ? ['x', `t ${i}`, '{braces}', 'q"uote', 'a,b'] : [],
            dueAt: i % 2 ? at(i * 86_400_000 + i * 10) : null,
            remindAt: i === 5 ? at(100) : null,
            recurrence: i === 4 ? 'daily' : i === 6 ? 'monthly' : null,
            // Fractions of 0, 1, 2 and 3 digits in PostgreSQL's text.
            createdAt: at([0, 100, 120, 123, 1, 10, 999][i]! + i * 1000),
            updatedAt: at(5000 + i),
          }),
        ),
      );
    }
    // Creating a PGlite database takes seconds on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await opened?.drop();
  });

  it('insert returns the stored task: values as written, instants to the millisecond, database defaults', () => {
    expect(created[3]).toMatchObject({
      title: 'Task 3 "quoted"',
      description: null,
      completed: true,
      completedAt: '2026-11-26T23:31:35.007Z',
      priority: 'low',
      dueAt: '2026-11-29T23:31:35.030Z',
      createdAt: '2026-11-26T23:31:38.123Z',
      version: 1,
    });
    expect(created.map((task) => task.createdAt.slice(17))).toEqual([
      '35.000Z',
      '36.100Z',
      '37.120Z',
      '38.123Z',
      '39.001Z',
      '40.010Z',
      '41.999Z',
    ]);
    expect(created[1]!.tags).toEqual(['x', 't 1', '{braces}', 'q"uote', 'a,b']);
    expect(created[0]).toMatchObject({ tags: [], description: 'line\n0', remindAt: null, recurrence: null });
    expect(Object.keys(created[0]!)).toEqual([
      'id',
      'title',
      'description',
      'completed',
      'completedAt',
      'priority',
      'tags',
      'dueAt',
      'remindAt',
      'recurrence',
      'projectId',
      'sectionId',
      'parentId',
      'position',
      'assigneeId',
      'createdBy',
      'createdAt',
      'updatedAt',
      'version',
    ]);
    // Inserted without a project, as the previous release does: the database files it into the owner's Inbox.
    expect(created[0]!.projectId).toEqual(expect.any(String));
    expect(created[0]!.position).toMatch(/^h[0-9A-Za-z]{8}$/);
  });

  it('findForMember reads back exactly what insert returned, with the role, and nothing for a non-member', async () => {
    for (const task of created)
      expect(await sut.findForMember(userId, task.id)).toStrictEqual({ task, role: 'owner' });
    expect(await sut.findForMember(otherUserId, created[0]!.id)).toBeUndefined();
    expect(await sut.findForMember(userId, randomUUID())).toBeUndefined();
  });

  it('lockForMember, lock, update and the trash: changes applied, trashed rows found only as trashed', async () => {
    await transaction(async (tx) => {
      const locked = await sut.lockForMember(tx, userId, created[4]!.id);
      expect(locked).toStrictEqual({
        task: created[4],
        nextOccurrenceId: null,
        trashed: false,
        role: 'owner',
      });
      expect(await sut.lockForMember(tx, otherUserId, created[4]!.id)).toBeUndefined();
      const updated = await sut.update(tx, created[4]!.id, {
        title: 'Updated',
        tags: [],
        dueAt: null,
        completedAt: new Date('2026-12-25T00:00:00.12Z'),
        nextOccurrenceId: created[5]!.id,
        version: 2,
      });
      expect(updated).toMatchObject({
        title: 'Updated',
        tags: [],
        dueAt: null,
        completedAt: '2026-12-25T00:00:00.120Z',
        version: 2,
      });
      expect((await sut.lockForMember(tx, userId, created[4]!.id))?.nextOccurrenceId).toBe(created[5]!.id);
      await sut.update(tx, created[4]!.id, { deletedAt: new Date('2026-12-26T00:00:00Z') });
      expect(await sut.lockForMember(tx, userId, created[4]!.id)).toBeUndefined();
      expect(await sut.lock(tx, created[4]!.id)).toMatchObject({ task: { title: 'Updated' }, trashed: true });
      expect(await sut.lock(tx, randomUUID())).toBeUndefined();
      expect(await sut.findTrashed(userId, created[4]!.id, tx)).toMatchObject({ task: { title: 'Updated' } });
      expect(await sut.findTrashed(userId, created[5]!.id, tx)).toBeUndefined();
      expect(await sut.findTrashed(otherUserId, created[4]!.id, tx)).toBeUndefined();
      // Leave the seeded rows as they were for the tests below.
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  });

  it('pages every sort exactly once, in order, with filters applied', async () => {
    const sorts = ['-createdAt', 'createdAt', 'dueAt', '-dueAt', 'priority', '-priority', 'title', '-title'];
    for (const sort of sorts) {
      const seen: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await sut.listPage(userId, listTasksQuerySchema.parse({ sort, limit: '2', cursor }));
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((task) => task.id)).size, sort).toBe(created.length);
      expect(seen, sort).toHaveLength(created.length);
    }
    const newestFirst = await sut.listPage(userId, listTasksQuerySchema.parse({}));
    expect(newestFirst.items).toStrictEqual([...created].reverse());
    expect(newestFirst.nextCursor).toBeNull();
    const filtered = await sut.listPage(
      userId,
      listTasksQuerySchema.parse({ tag: 'q"uote', completed: 'false', q: '"QUOTED', priority: 'high' }),
    );
    expect(filtered.items.map((task) => task.title)).toEqual(['Task 5 "quoted"', 'Task 2 "quoted"']);
    const due = await sut.listPage(
      userId,
      listTasksQuerySchema.parse({ dueAfter: '2026-11-28T00:00:00Z', dueBefore: '2026-12-01T23:31:35.050Z' }),
    );
    expect(due.items.map((task) => task.title)).toEqual(['Task 3 "quoted"']);
    expect((await sut.listPage(otherUserId, listTasksQuerySchema.parse({}))).items).toEqual([]);
  });

  it('lists the trash newest-trashed first, pages it, erases and purges', async () => {
    await transaction(async (tx) => {
      await sut.update(tx, created[0]!.id, { deletedAt: new Date('2026-12-01T00:00:00.5Z') });
      await sut.update(tx, created[1]!.id, { deletedAt: new Date('2026-12-03T00:00:00Z') });
      await sut.update(tx, created[2]!.id, { deletedAt: new Date('2026-12-02T00:00:00Z') });
    });
    const first = await sut.listTrashPage(userId, pageQuerySchema.parse({ limit: '2' }));
    expect(first.items.map((task) => task.id)).toEqual([created[1]!.id, created[2]!.id]);
    const second = await sut.listTrashPage(
      userId,
      pageQuerySchema.parse({ limit: '2', cursor: first.nextCursor! }),
    );
    expect(second).toStrictEqual({
      items: [{ ...created[0], trashedAt: '2026-12-01T00:00:00.500Z' }],
      nextCursor: null,
    });
    await transaction((tx) => sut.erase(tx, created[1]!.id));
    expect(await sut.purgeTrashedBefore(new Date('2026-12-02T00:00:00Z'))).toBe(1);
    expect((await sut.listTrashPage(userId, pageQuerySchema.parse({}))).items.map((task) => task.id)).toEqual(
      [created[2]!.id],
    );
  });
});

class Rollback extends Error {}
