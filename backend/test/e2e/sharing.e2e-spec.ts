import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseService } from '../../src/database/database.service.js';
import { sql } from 'drizzle-orm';
import { createProject, inboxOf, type ProjectBody } from '../factories/projects.js';
import { addMember, invite } from '../factories/sharing.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The statuses of four calls made against an app that allows three token attempts a minute (`prepare` returns the
 * call); a 429 must carry Retry-After.
 */
async function fourCallsAtThreeAMinute(
  prepare: (limited: TestApp) => Promise<() => Promise<{ status: number; headers: Record<string, string> }>>,
): Promise<number[]> {
  const limited = await startTestApp({ RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  try {
    const call = await prepare(limited);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await call();
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    return statuses;
  } finally {
    await limited.close();
  }
}

describe('Sharing — invitations and members', () => {
  let sut: TestApp;
  let owner: SignedInUser;
  let ed: SignedInUser;
  let vi: SignedInUser;
  let stranger: SignedInUser;
  let project: ProjectBody;

  beforeAll(async () => {
    sut = await startTestApp();
    [owner, ed, vi, stranger] = await Promise.all([signUp(sut), signUp(sut), signUp(sut), signUp(sut)]);
    project = await createProject(sut, owner, { name: 'Flat' });
    await addMember(sut, owner, project.id, ed, 'editor');
    await addMember(sut, owner, project.id, vi, 'viewer');
  });
  afterAll(() => sut.close());

  const accept = (user: SignedInUser, token: string) =>
    sut.http.post('/api/v1/invitations/accept').set(user.auth).send({ token });
  /** Makes a token stop working: revoked by the owner, or past its expiry. */
  const revoke = (invitationId: string) =>
    sut.http.delete(`/api/v1/projects/${project.id}/invitations/${invitationId}`).set(owner.auth).expect(204);
  const expire = (invitationId: string) =>
    sut.app
      .get(DatabaseService)
      .db.execute(
        sql`update project_invitations set expires_at = now() - interval '1 second' where id = ${invitationId}`,
      );
  const members = async (user: SignedInUser, projectId = project.id) =>
    (await sut.http.get(`/api/v1/projects/${projectId}/members`).set(user.auth).expect(200)).body as {
      items: { userId: string; role: string; email: string; name: string; joinedAt: string }[];
      nextCursor: string | null;
    };

  describe('POST /projects/{id}/invitations', () => {
    it('gives the owner a token of at least 128 bits, once, with the defaults', async () => {
      const before = Date.now();
      const created = await invite(sut, owner, project.id, { role: 'viewer' });
      expect(created).toMatchObject({ role: 'viewer', maxUses: 1, uses: 0, id: expect.any(String) });
      expect(Buffer.from(created.token.replace(/^inv_/, ''), 'base64url').length).toBeGreaterThanOrEqual(16);
      const days = (Date.parse(created.expiresAt) - before) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThan(7.01);
      const listed = await sut.http
        .get(`/api/v1/projects/${project.id}/invitations`)
        .set(owner.auth)
        .expect(200);
      const body = listed.body as { items: Record<string, unknown>[] };
      expect(body.items.find((item) => item.id === created.id)).toEqual({
        id: created.id,
        role: 'viewer',
        expiresAt: created.expiresAt,
        maxUses: 1,
        uses: 0,
        createdAt: created.createdAt,
      });
      expect(JSON.stringify(body)).not.toContain(created.token);
    });

    it('stores only a hash of the token', async () => {
      const created = await invite(sut, owner, project.id);
      const db = sut.app.get(DatabaseService).db;
      const rows = await db.execute(sql`select token_hash from project_invitations where id = ${created.id}`);
      const text = JSON.stringify(rows);
      expect(text).not.toContain(created.token);
      expect(text).toMatch(/[0-9a-f]{64}/);
    });

    it('refuses bad bodies with 400 naming the field', async () => {
      for (const body of [
        { role: 'owner' },
        { role: 'editor', expiresInDays: 31 },
        { role: 'editor', maxUses: 0 },
        { role: 'editor', uses: 3 },
      ]) {
        const response = await sut.http
          .post(`/api/v1/projects/${project.id}/invitations`)
          .set(owner.auth)
          .send(body)
          .expect(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('is 403 for an editor and a viewer, 404 for a non-member, and 409 for the Inbox', async () => {
      for (const user of [ed, vi]) {
        await sut.http
          .post(`/api/v1/projects/${project.id}/invitations`)
          .set(user.auth)
          .send({ role: 'editor' })
          .expect(403);
        await sut.http.get(`/api/v1/projects/${project.id}/invitations`).set(user.auth).expect(403);
      }
      await sut.http
        .post(`/api/v1/projects/${project.id}/invitations`)
        .set(stranger.auth)
        .send({ role: 'editor' })
        .expect(404);
      await sut.http.get(`/api/v1/projects/${project.id}/invitations`).set(stranger.auth).expect(404);
      const inbox = await inboxOf(sut, owner);
      await sut.http
        .post(`/api/v1/projects/${inbox.id}/invitations`)
        .set(owner.auth)
        .send({ role: 'editor' })
        .expect(409);
    });
  });

  describe('POST /invitations/accept', () => {
    it('makes the caller a member with the role and returns the project', async () => {
      const newcomer = await signUp(sut);
      const { token } = await invite(sut, owner, project.id, { role: 'viewer' });
      const response = await accept(newcomer, token).expect(200);
      expect(response.body).toMatchObject({ id: project.id, name: 'Flat', role: 'viewer', isInbox: false });
      expect((await members(owner)).items).toContainEqual(
        expect.objectContaining({ userId: newcomer.id, role: 'viewer', email: newcomer.email }),
      );
    });

    it('is 404 once used up, and a member accepting again gets 200 with nothing changed', async () => {
      const first = await signUp(sut);
      const second = await signUp(sut);
      const created = await invite(sut, owner, project.id, { role: 'editor', maxUses: 1 });
      await accept(first, created.token).expect(200);
      await accept(second, created.token).expect(404);
      const again = await accept(first, created.token).expect(200);
      expect((again.body as ProjectBody).role).toBe('editor');
      // An existing member accepting another project's invitation keeps their role and spends no use.
      const other = await invite(sut, owner, project.id, { role: 'viewer', maxUses: 2 });
      await accept(ed, other.token).expect(200);
      const listed = (
        await sut.http.get(`/api/v1/projects/${project.id}/invitations`).set(owner.auth).expect(200)
      ).body as { items: { id: string; uses: number }[] };
      expect(listed.items.find((item) => item.id === other.id)?.uses).toBe(0);
      expect(listed.items.find((item) => item.id === created.id)?.uses).toBe(1);
      expect((await members(owner)).items.find((m) => m.userId === ed.id)?.role).toBe('editor');
    });

    it('lets maxUses people join', async () => {
      const created = await invite(sut, owner, project.id, { role: 'viewer', maxUses: 2 });
      const [a, b, c] = await Promise.all([signUp(sut), signUp(sut), signUp(sut)]);
      await accept(a, created.token).expect(200);
      await accept(b, created.token).expect(200);
      await accept(c, created.token).expect(404);
    });

    it('is 404 for an unknown, a revoked and an expired token', async () => {
      const user = await signUp(sut);
      await accept(user, `inv_${randomUUID()}`).expect(404);
      const revoked = await invite(sut, owner, project.id);
      await revoke(revoked.id);
      await accept(user, revoked.token).expect(404);
      const expired = await invite(sut, owner, project.id);
      await expire(expired.id);
      await accept(user, expired.token).expect(404);
      expect((await members(owner)).items.map((m) => m.userId)).not.toContain(user.id);
    });

    it('is 404 while the project is in the trash', async () => {
      const doomed = await createProject(sut, owner, { name: 'doomed' });
      const { token } = await invite(sut, owner, doomed.id);
      await sut.http.delete(`/api/v1/projects/${doomed.id}`).set(owner.auth).expect(204);
      await accept(stranger, token).expect(404);
    });

    it('refuses a bad body with 400 and is rate limited with 429 and Retry-After', async () => {
      await sut.http.post('/api/v1/invitations/accept').set(stranger.auth).send({}).expect(400);
      const statuses = await fourCallsAtThreeAMinute(async (limited) => {
        const user = await signUp(limited);
        return () =>
          limited.http
            .post('/api/v1/invitations/accept')
            .set(user.auth)
            .send({ token: `inv_${randomUUID()}` });
      });
      expect(statuses).toEqual([404, 404, 404, 429]);
    });
  });

  describe('GET /invitations/{token}', () => {
    const preview = (token: string) => sut.http.get(`/api/v1/invitations/${encodeURIComponent(token)}`);

    it('shows a live invitation to anyone, signed in or not: project, role, who invited, until when', async () => {
      const host = await signUp(sut, { name: 'Hedy Host' });
      const garden = await createProject(sut, host, { name: 'Garden' });
      const created = await invite(sut, host, garden.id, { role: 'viewer' });
      const response = await preview(created.token).expect(200);
      expect(response.body).toEqual({
        projectName: 'Garden',
        role: 'viewer',
        invitedBy: 'Hedy Host',
        expiresAt: created.expiresAt,
      });
      // Nobody's email, and no word on whether the one opening it has an account.
      expect(JSON.stringify(response.body)).not.toContain('@');
      expect(response.headers['cache-control']).toMatch(/no-store/);
      const signedIn = await preview(created.token).set(stranger.auth).expect(200);
      expect(signedIn.body).toEqual(response.body);
      // Looking spends no use.
      await accept(stranger, created.token).expect(200);
    });

    it('is the same 404 for an unknown, a revoked, an expired and a used-up token', async () => {
      const revoked = await invite(sut, owner, project.id);
      await revoke(revoked.id);
      const expired = await invite(sut, owner, project.id);
      await expire(expired.id);
      const used = await invite(sut, owner, project.id);
      await accept(await signUp(sut), used.token).expect(200);
      const bodies = [];
      for (const token of [`inv_${randomUUID()}`, revoked.token, expired.token, used.token]) {
        const response = await preview(token).expect(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        // Apart from what names the request, the answers are identical.
        const {
          instance: _instance,
          requestId: _requestId,
          ...rest
        } = response.body as Record<string, unknown>;
        bodies.push(rest);
      }
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    });

    it('is 404 while the project is in the trash', async () => {
      const doomed = await createProject(sut, owner, { name: 'doomed too' });
      const { token } = await invite(sut, owner, doomed.id);
      await sut.http.delete(`/api/v1/projects/${doomed.id}`).set(owner.auth).expect(204);
      await preview(token).expect(404);
    });

    it('is rate limited per address like accepting, with 429 and Retry-After', async () => {
      const statuses = await fourCallsAtThreeAMinute(
        async (limited) => () => limited.http.get(`/api/v1/invitations/inv_${randomUUID()}`),
      );
      expect(statuses).toEqual([404, 404, 404, 429]);
    });
  });

  describe('DELETE /projects/{id}/invitations/{invitationId}', () => {
    it('is owner only, and 404 for an unknown or already revoked id', async () => {
      const created = await invite(sut, owner, project.id);
      await sut.http
        .delete(`/api/v1/projects/${project.id}/invitations/${created.id}`)
        .set(ed.auth)
        .expect(403);
      await sut.http
        .delete(`/api/v1/projects/${project.id}/invitations/${created.id}`)
        .set(stranger.auth)
        .expect(404);
      await sut.http
        .delete(`/api/v1/projects/${project.id}/invitations/${created.id}`)
        .set(owner.auth)
        .expect(204);
      await sut.http
        .delete(`/api/v1/projects/${project.id}/invitations/${created.id}`)
        .set(owner.auth)
        .expect(404);
      await sut.http
        .delete(`/api/v1/projects/${project.id}/invitations/${randomUUID()}`)
        .set(owner.auth)
        .expect(404);
      await sut.http.delete(`/api/v1/projects/${project.id}/invitations/nope`).set(owner.auth).expect(400);
    });
  });

  describe('GET /projects/{id}/members', () => {
    it('lists every member for any member, the owner first, and is 404 for a non-member', async () => {
      for (const user of [owner, ed, vi]) {
        const { items } = await members(user);
        expect(items[0]).toMatchObject({
          userId: owner.id,
          role: 'owner',
          name: 'Test User',
          email: owner.email,
        });
        expect(items).toContainEqual(expect.objectContaining({ userId: ed.id, role: 'editor' }));
        expect(items).toContainEqual(expect.objectContaining({ userId: vi.id, role: 'viewer' }));
      }
      await sut.http.get(`/api/v1/projects/${project.id}/members`).set(stranger.auth).expect(404);
    });

    it('pages with nextCursor, each member once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await sut.http
          .get(`/api/v1/projects/${project.id}/members`)
          .query(cursor ? { limit: 2, cursor } : { limit: 2 })
          .set(owner.auth)
          .expect(200);
        const body = response.body as { items: { userId: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((m) => m.userId));
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe((await members(owner)).items.length);
    });
  });

  describe('PATCH /projects/{id}/members/{userId}', () => {
    it('lets the owner change a role, which takes effect at once', async () => {
      const p = await createProject(sut, owner, { name: 'roles' });
      const user = await signUp(sut);
      await addMember(sut, owner, p.id, user, 'editor');
      await createTask(sut, user, { projectId: p.id, title: 'as editor' });
      const response = await sut.http
        .patch(`/api/v1/projects/${p.id}/members/${user.id}`)
        .set(owner.auth)
        .send({ role: 'viewer' })
        .expect(200);
      expect(response.body).toMatchObject({ userId: user.id, role: 'viewer', email: user.email });
      await sut.http
        .post('/api/v1/tasks')
        .set(user.auth)
        .send({ projectId: p.id, title: 'as viewer' })
        .expect(403);
    });

    it('is 403 for an editor, 404 for a non-member or an unknown member, 409 for the owner, 400 for owner as role', async () => {
      const url = `/api/v1/projects/${project.id}/members`;
      await sut.http.patch(`${url}/${vi.id}`).set(ed.auth).send({ role: 'editor' }).expect(403);
      await sut.http.patch(`${url}/${vi.id}`).set(stranger.auth).send({ role: 'editor' }).expect(404);
      await sut.http.patch(`${url}/${stranger.id}`).set(owner.auth).send({ role: 'editor' }).expect(404);
      await sut.http.patch(`${url}/${owner.id}`).set(owner.auth).send({ role: 'viewer' }).expect(409);
      await sut.http.patch(`${url}/${vi.id}`).set(owner.auth).send({ role: 'owner' }).expect(400);
      await sut.http.patch(`${url}/not-a-uuid`).set(owner.auth).send({ role: 'viewer' }).expect(400);
    });
  });

  describe('DELETE /projects/{id}/members/{userId}', () => {
    it('removes a member at once: their next request for the project or its tasks is 404, their assigned tasks unassigned', async () => {
      const p = await createProject(sut, owner, { name: 'removal' });
      const user = await signUp(sut);
      await addMember(sut, owner, p.id, user, 'editor');
      const theirs = await createTask(sut, user, { projectId: p.id, title: 'by the member' });
      const assigned = await createTask(sut, owner, {
        projectId: p.id,
        title: 'for them',
        assigneeId: user.id,
      });
      await sut.http.get(`/api/v1/tasks/${theirs.id}`).set(user.auth).expect(200);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${user.id}`).set(owner.auth).expect(204);
      await sut.http.get(`/api/v1/projects/${p.id}`).set(user.auth).expect(404);
      await sut.http.get(`/api/v1/tasks/${theirs.id}`).set(user.auth).expect(404);
      await sut.http.patch(`/api/v1/tasks/${theirs.id}`).set(user.auth).send({ title: 'x' }).expect(404);
      await sut.http.get('/api/v1/tasks').query({ projectId: p.id }).set(user.auth).expect(404);
      const listed = (await sut.http.get('/api/v1/tasks').set(user.auth).expect(200)).body as {
        items: TaskBody[];
      };
      expect(listed.items.map((t) => t.id)).not.toContain(theirs.id);
      const after = (await sut.http.get(`/api/v1/tasks/${assigned.id}`).set(owner.auth).expect(200))
        .body as TaskBody;
      expect(after.assigneeId).toBeNull();
      expect(after.version).toBe(assigned.version + 1);
    });

    it('lets a member leave, and is 409 for the owner leaving or being removed', async () => {
      const p = await createProject(sut, owner, { name: 'leaving' });
      const user = await signUp(sut);
      const other = await signUp(sut);
      await addMember(sut, owner, p.id, user, 'viewer');
      await addMember(sut, owner, p.id, other, 'editor');
      // A member other than the owner cannot remove someone else.
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${user.id}`).set(other.auth).expect(403);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${owner.id}`).set(other.auth).expect(403);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${owner.id}`).set(owner.auth).expect(409);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${user.id}`).set(user.auth).expect(204);
      await sut.http.get(`/api/v1/projects/${p.id}`).set(user.auth).expect(404);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${user.id}`).set(user.auth).expect(404);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${user.id}`).set(owner.auth).expect(404);
      await sut.http.delete(`/api/v1/projects/${p.id}/members/${other.id}`).set(stranger.auth).expect(404);
    });
  });

  describe('tasks in a shared project', () => {
    let task: TaskBody;
    beforeAll(async () => {
      task = await createTask(sut, owner, { projectId: project.id, title: 'shared' });
    });

    it('every member reads them, in lists without projectId too', async () => {
      for (const user of [owner, ed, vi]) {
        await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);
        const all = (await sut.http.get('/api/v1/tasks').query({ limit: 100 }).set(user.auth).expect(200))
          .body as {
          items: TaskBody[];
        };
        expect(all.items.map((t) => t.id)).toContain(task.id);
      }
      await sut.http.get(`/api/v1/tasks/${task.id}`).set(stranger.auth).expect(404);
      const theirs = (await sut.http.get('/api/v1/tasks').set(stranger.auth).expect(200)).body as {
        items: TaskBody[];
      };
      expect(theirs.items.map((t) => t.id)).not.toContain(task.id);
    });

    it('pages a list without projectId exactly once across own and others’ tasks, in every sort', async () => {
      const p = await createProject(sut, owner, { name: 'paging' });
      const a = await signUp(sut);
      await addMember(sut, owner, p.id, a, 'editor');
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        ids.push((await createTask(sut, a, { title: `mine ${i}`, dueAt: `2027-01-0${i + 1}T00:00:00Z` })).id);
        ids.push(
          (
            await createTask(sut, owner, {
              projectId: p.id,
              title: `theirs ${i}`,
              priority: i % 2 ? 'high' : 'low',
            })
          ).id,
        );
        ids.push((await createTask(sut, a, { projectId: p.id, title: `mine there ${i}` })).id);
      }
      for (const sort of ['-createdAt', 'dueAt', '-priority', 'title', 'position']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await sut.http
            .get('/api/v1/tasks')
            .query(cursor ? { sort, limit: 5, cursor } : { sort, limit: 5 })
            .set(a.auth)
            .expect(200);
          const body = response.body as { items: TaskBody[]; nextCursor: string | null };
          seen.push(...body.items.map((t) => t.id));
          cursor = body.nextCursor;
        } while (cursor);
        expect([...seen].sort(), sort).toEqual([...ids].sort());
      }
      const assigned = await createTask(sut, owner, { projectId: p.id, title: 'for a', assigneeId: a.id });
      const mine = (await sut.http.get('/api/v1/tasks').query({ assignee: 'me' }).set(a.auth).expect(200))
        .body as { items: TaskBody[] };
      expect(mine.items.map((t) => t.id)).toEqual([assigned.id]);
    });

    it('editors change, move, trash and restore them; viewers get 403 and change nothing', async () => {
      const url = `/api/v1/tasks/${task.id}`;
      await sut.http.patch(url).set(vi.auth).send({ title: 'by viewer' }).expect(403);
      await sut.http.post(`${url}/move`).set(vi.auth).send({}).expect(403);
      await sut.http.delete(url).set(vi.auth).expect(403);
      await sut.http
        .post('/api/v1/tasks')
        .set(vi.auth)
        .send({ projectId: project.id, title: 'v' })
        .expect(403);
      await sut.http
        .post('/api/v1/tasks/quick')
        .set(vi.auth)
        .send({ text: 'x', projectId: project.id })
        .expect((r) => {
          expect([400, 403]).toContain(r.status);
        });
      const edited = (await sut.http.patch(url).set(ed.auth).send({ title: 'by editor' }).expect(200))
        .body as TaskBody;
      expect(edited.title).toBe('by editor');
      await sut.http.post(`${url}/move`).set(ed.auth).send({}).expect(200);
      await sut.http.delete(url).set(ed.auth).expect(204);
      await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(vi.auth).expect(403);
      await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(stranger.auth).expect(404);
      await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(owner.auth).expect(200);
      expect(((await sut.http.get(url).set(vi.auth).expect(200)).body as TaskBody).title).toBe('by editor');
    });

    it('the trash lists a member’s own trashed tasks in projects they can write', async () => {
      const mine = await createTask(sut, ed, { projectId: project.id, title: 'editor’s' });
      await sut.http.delete(`/api/v1/tasks/${mine.id}`).set(ed.auth).expect(204);
      const trash = (await sut.http.get('/api/v1/trash').set(ed.auth).expect(200)).body as {
        items: TaskBody[];
      };
      expect(trash.items.map((t) => t.id)).toContain(mine.id);
      await sut.http
        .patch(`/api/v1/projects/${project.id}/members/${ed.id}`)
        .set(owner.auth)
        .send({ role: 'viewer' })
        .expect(200);
      const asViewer = (await sut.http.get('/api/v1/trash').set(ed.auth).expect(200)).body as {
        items: TaskBody[];
      };
      expect(asViewer.items.map((t) => t.id)).not.toContain(mine.id);
      await sut.http.delete(`/api/v1/trash/${mine.id}`).set(ed.auth).expect(403);
      await sut.http
        .patch(`/api/v1/projects/${project.id}/members/${ed.id}`)
        .set(owner.auth)
        .send({ role: 'editor' })
        .expect(200);
      await sut.http.delete(`/api/v1/trash/${mine.id}`).set(ed.auth).expect(204);
    });
  });
});
