import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Page = { items: TaskBody[]; nextCursor: string | null };

describe('listTasks', () => {
  let sut: TestApp;
  let user: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    user = await signUp(sut);
  });
  afterAll(() => sut.close());

  const page = async (owner: SignedInUser, query: Record<string, string | number>) =>
    (await sut.http.get('/api/v1/tasks').set(owner.auth).query(query).expect(200)).body as Page;

  async function pageThrough(
    owner: SignedInUser,
    query: Record<string, string | number>,
    between?: () => Promise<void>,
  ) {
    const seen: TaskBody[] = [];
    let cursor: string | null = null;
    do {
      const current = await page(owner, { ...query, ...(cursor ? { cursor } : {}) });
      seen.push(...current.items);
      cursor = current.nextCursor;
      await between?.();
    } while (cursor);
    return seen;
  }

  describe('paging', () => {
    let owner: SignedInUser;
    let all: TaskBody[];

    beforeAll(async () => {
      owner = await signUp(sut);
      // 125 tasks with many ties in every sort key: 5 titles, 3 priorities, 4 due dates (one of them null).
      const dues = ['2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', null, '2026-12-01T00:00:00Z'];
      const priorities = ['low', 'medium', 'high'] as const;
      all = [];
      for (let i = 0; i < 125; i += 1) {
        all.push(
          await createTask(sut, owner, {
            title: `Task ${i % 5}`,
            priority: priorities[i % 3],
            dueAt: dues[i % 4],
          }),
        );
      }
    }, 120_000);

    it.each(['createdAt', '-createdAt', 'dueAt', '-dueAt', 'priority', '-priority', 'title', '-title'])(
      'returns every task exactly once with sort=%s',
      async (sort) => {
        const seen = await pageThrough(owner, { sort, limit: 7 });
        expect(seen).toHaveLength(all.length);
        expect(new Set(seen.map((t) => t.id)).size).toBe(all.length);
      },
    );

    it('orders by the sort key, undated tasks last when ascending by due date', async () => {
      const byTitle = await pageThrough(owner, { sort: 'title', limit: 50 });
      expect(byTitle.map((t) => t.title)).toEqual([...byTitle.map((t) => t.title)].sort());
      const byPriority = await pageThrough(owner, { sort: '-priority', limit: 50 });
      const rank = { high: 2, medium: 1, low: 0 };
      const ranks = byPriority.map((t) => rank[t.priority]);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      const byDue = await pageThrough(owner, { sort: 'dueAt', limit: 50 });
      const firstUndated = byDue.findIndex((t) => t.dueAt === null);
      expect(byDue.slice(firstUndated).every((t) => t.dueAt === null)).toBe(true);
      const dated = byDue.slice(0, firstUndated).map((t) => t.dueAt!);
      expect(dated).toEqual([...dated].sort());
    });

    it('stays exactly-once while tasks are added between pages', async () => {
      const writer = await signUp(sut);
      const originals: string[] = [];
      for (let i = 0; i < 30; i += 1)
        originals.push((await createTask(sut, writer, { title: `w${i % 3}` })).id);
      let n = 0;
      const seen = await pageThrough(writer, { sort: 'title', limit: 4 }, async () => {
        n += 1;
        await createTask(sut, writer, { title: `w${n % 4}` });
      });
      const ids = seen.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of originals) expect(ids).toContain(id);
    });

    it('defaults to 50 per page and rejects limits outside 1..100', async () => {
      expect((await page(owner, {})).items).toHaveLength(50);
      expect((await page(owner, { limit: 100 })).items).toHaveLength(100);
      for (const limit of [0, 101, -1]) {
        const response = await sut.http.get('/api/v1/tasks').set(owner.auth).query({ limit }).expect(400);
        expect(response.body.errors[0].path).toBe('limit');
      }
    });

    it('rejects a forged cursor or one from another sort with 400 naming cursor', async () => {
      const first = await page(owner, { sort: 'title', limit: 5 });
      for (const query of [{ sort: '-title', cursor: first.nextCursor! }, { cursor: 'garbage' }]) {
        const response = await sut.http.get('/api/v1/tasks').set(owner.auth).query(query).expect(400);
        expect(response.body.errors[0].path).toBe('cursor');
      }
    });
  });

  describe('filters', () => {
    beforeAll(async () => {
      await createTask(sut, user, {
        title: 'Pay rent',
        priority: 'high',
        tags: ['bills'],
        dueAt: '2026-12-01T09:00:00Z',
      });
      await createTask(sut, user, {
        title: 'Call mum',
        description: 'About the 100% plan',
        tags: ['family'],
      });
      await createTask(sut, user, {
        title: 'File taxes',
        priority: 'high',
        tags: ['bills'],
        dueAt: '2027-04-15T09:00:00Z',
      });
      const done = await createTask(sut, user, { title: 'Old chore', priority: 'low' });
      await sut.http.patch(`/api/v1/tasks/${done.id}`).set(user.auth).send({ completed: true }).expect(200);
    });

    const titles = async (query: Record<string, string | number>) =>
      (await page(user, { sort: 'title', ...query })).items.map((t) => t.title);

    it('filters by completion, priority and tag', async () => {
      expect(await titles({ completed: 'true' })).toEqual(['Old chore']);
      expect(await titles({ completed: 'false' })).toEqual(['Call mum', 'File taxes', 'Pay rent']);
      expect(await titles({ priority: 'high' })).toEqual(['File taxes', 'Pay rent']);
      expect(await titles({ tag: 'bills' })).toEqual(['File taxes', 'Pay rent']);
      expect(await titles({ tag: 'bills', priority: 'high', completed: 'false' })).toEqual([
        'File taxes',
        'Pay rent',
      ]);
    });

    it('searches title and description case-insensitively, treating % literally', async () => {
      expect(await titles({ q: 'RENT' })).toEqual(['Pay rent']);
      expect(await titles({ q: '100%' })).toEqual(['Call mum']);
      expect(await titles({ q: '%' })).toEqual(['Call mum']);
    });

    it('matches every word of a search in any order, `#word` as a tag, and at most 8 words', async () => {
      expect(await titles({ q: 'plan mum' })).toEqual(['Call mum']);
      expect(await titles({ q: 'mum rent' })).toEqual([]);
      expect(await titles({ q: '  pay   RENT ' })).toEqual(['Pay rent']);
      expect(await titles({ q: 'e #bills' })).toEqual(['File taxes', 'Pay rent']);
      expect(await titles({ q: 'taxes #bills' })).toEqual(['File taxes']);
      expect(await titles({ q: '#Bills' })).toEqual([]);
      const tooMany = await sut.http.get('/api/v1/tasks').set(user.auth).query({ q: 'a b c d e f g h i' });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'q' })]);
    });

    it('filters tasks without a due date with due=none', async () => {
      expect(await titles({ due: 'none' })).toEqual(['Call mum', 'Old chore']);
      expect(await titles({ due: 'none', completed: 'false' })).toEqual(['Call mum']);
    });

    it('filters by due date range', async () => {
      expect(await titles({ dueBefore: '2027-01-01T00:00:00Z' })).toEqual(['Pay rent']);
      expect(await titles({ dueAfter: '2027-01-01T00:00:00Z' })).toEqual(['File taxes']);
    });

    it('rejects unknown or malformed parameters with 400 naming them', async () => {
      for (const [query, field] of [
        [{ completed: 'yes' }, 'completed'],
        [{ priority: 'urgent' }, 'priority'],
        [{ sort: 'random' }, 'sort'],
        [{ dueBefore: 'soon' }, 'dueBefore'],
        [{ owner: 'me' }, 'owner'],
        [{ due: 'soon' }, 'due'],
      ] as const) {
        const response = await sut.http.get('/api/v1/tasks').set(user.auth).query(query).expect(400);
        expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      }
    });
  });
});
