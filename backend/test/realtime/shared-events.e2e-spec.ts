import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeHub } from '../../src/realtime/realtime.hub.js';
import { createProject, inboxOf, type ProjectBody } from '../factories/projects.js';
import { addMember } from '../factories/sharing.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventually, openStream, sleep, type SseEvent, type SseStream } from './sse-client.js';

/** Live events of shared projects: every member hears them, from joining until leaving (one process). */
describe('GET /api/v1/tasks/events — shared projects', () => {
  let sut: TestApp;
  let url: string;
  let owner: SignedInUser;
  let editor: SignedInUser;
  let viewer: SignedInUser;
  let stranger: SignedInUser;
  let project: ProjectBody;
  const streams: SseStream[] = [];
  const open = async (user: SignedInUser, headers: Record<string, string> = {}) => {
    const stream = await openStream(url, { ...user.auth, ...headers }, { agent: false });
    streams.push(stream);
    return stream;
  };
  const about = (taskId: string) => (e: SseEvent) => e.data.taskId === taskId;
  /** A marker task in the owner's Inbox: once it arrives, everything before it has been delivered. */
  const settle = async (...listening: [SseStream, SignedInUser][]) => {
    for (const [stream, user] of listening) {
      const marker = await createTask(sut, user, { title: 'marker' });
      await stream.waitFor(1, about(marker.id));
    }
  };

  beforeAll(async () => {
    sut = await startTestApp({ EVENTS_HEARTBEAT_MS: '500' });
    await sut.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}/api/v1/tasks/events`;
    [owner, editor, viewer, stranger] = await Promise.all([
      signUp(sut),
      signUp(sut),
      signUp(sut),
      signUp(sut),
    ]);
    project = await createProject(sut, owner, { name: 'Shared' });
    await addMember(sut, owner, project.id, editor, 'editor');
    await addMember(sut, owner, project.id, viewer, 'viewer');
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await sut?.close().catch(() => undefined);
  });

  it('delivers the owner’s task events, with projectId, to the editor and the viewer, and the editor’s to the owner; nothing to a stranger', async () => {
    const ownerStream = await open(owner);
    const editorStream = await open(editor);
    const viewerStream = await open(viewer);
    const strangerStream = await open(stranger);
    const task = await createTask(sut, owner, { title: 'shared', projectId: project.id });
    // An event carries the task as it is when the stream sends it: the creation is awaited everywhere before the
    // edit, or a stream that is still behind would send the created task with the edited title.
    for (const stream of [ownerStream, editorStream, viewerStream]) await stream.waitFor(1, about(task.id));
    await sut.http.patch(`/api/v1/tasks/${task.id}`).set(editor.auth).send({ title: 'edited' }).expect(200);
    for (const stream of [ownerStream, editorStream, viewerStream]) {
      const events = await stream.waitFor(2, about(task.id));
      expect(events.map((e) => [e.event, e.data.projectId, e.data.task?.title])).toEqual([
        ['task.created', project.id, 'shared'],
        ['task.updated', project.id, 'edited'],
      ]);
    }
    await settle([strangerStream, stranger]);
    expect(strangerStream.events.filter((e) => e.data.projectId === project.id)).toEqual([]);
  });

  it('carries a project created while its owner’s stream is open: a member’s later change reaches the owner', async () => {
    const creator = await signUp(sut);
    const creatorStream = await open(creator);
    const fresh = await createProject(sut, creator, { name: 'Made after the stream opened' });
    const joined = await creatorStream.waitFor(1, (e) => e.event === 'member.added');
    expect(joined[0]!.data).toMatchObject({ projectId: fresh.id });
    await addMember(sut, creator, fresh.id, editor, 'editor');
    const task = await createTask(sut, editor, { title: 'from the editor', projectId: fresh.id });
    const events = await creatorStream.waitFor(1, about(task.id));
    expect(events.map((e) => [e.event, e.data.projectId])).toEqual([['task.created', fresh.id]]);
  });

  it('carries a project to a member from the moment they join, and stops at their removal while the owner’s stream goes on', async () => {
    const late = await signUp(sut);
    const lateStream = await open(late);
    const ownerStream = await open(owner);
    const before = await createTask(sut, owner, { title: 'before joining', projectId: project.id });
    await ownerStream.waitFor(1, about(before.id));

    await addMember(sut, owner, project.id, late, 'viewer');
    const [added] = await lateStream.waitFor(1, (e) => e.event === 'member.added');
    expect(added!.data).toMatchObject({
      type: 'member.added',
      projectId: project.id,
      member: { userId: late.id, role: 'viewer' },
    });
    const during = await createTask(sut, owner, { title: 'while a member', projectId: project.id });
    await lateStream.waitFor(1, about(during.id));
    expect(lateStream.events.some(about(before.id))).toBe(false);

    await sut.http.delete(`/api/v1/projects/${project.id}/members/${late.id}`).set(owner.auth).expect(204);
    const [removed] = await lateStream.waitFor(1, (e) => e.event === 'member.removed');
    expect(removed!.data).toEqual({ type: 'member.removed', projectId: project.id, userId: late.id });
    await ownerStream.waitFor(1, (e) => e.event === 'member.removed' && e.data.userId === late.id);

    const after = await createTask(sut, owner, { title: 'after removal', projectId: project.id });
    await sut.http.patch(`/api/v1/projects/${project.id}`).set(owner.auth).send({ color: 'red' }).expect(200);
    await ownerStream.waitFor(1, about(after.id));
    await ownerStream.waitFor(1, (e) => e.event === 'project.updated');
    await settle([lateStream, late]);
    const removedAt = lateStream.events.indexOf(removed!);
    expect(lateStream.events.slice(removedAt + 1).filter((e) => e.data.projectId === project.id)).toEqual([]);
  });

  it('tells a member who leaves, and every member of a renamed project, with the project as their role sees it', async () => {
    const leaver = await signUp(sut);
    await addMember(sut, owner, project.id, leaver, 'editor');
    const [leaverStream, viewerStream] = [await open(leaver), await open(viewer)];
    await sut.http
      .patch(`/api/v1/projects/${project.id}`)
      .set(editor.auth)
      .send({ name: 'Renamed' })
      .expect(200);
    const [forViewer] = await viewerStream.waitFor(1, (e) => e.event === 'project.updated');
    expect(forViewer!.data).toMatchObject({
      type: 'project.updated',
      projectId: project.id,
      project: { id: project.id, name: 'Renamed', role: 'viewer' },
    });
    const [forLeaver] = await leaverStream.waitFor(1, (e) => e.event === 'project.updated');
    expect(forLeaver!.data.project).toMatchObject({ name: 'Renamed', role: 'editor' });

    // A role change has no event of its own: a project.updated tells boards to refresh, with the new role.
    await sut.http
      .patch(`/api/v1/projects/${project.id}/members/${leaver.id}`)
      .set(owner.auth)
      .send({ role: 'viewer' })
      .expect(200);
    await leaverStream.waitFor(1, (e) => e.event === 'project.updated' && e.data.project?.role === 'viewer');

    await sut.http.delete(`/api/v1/projects/${project.id}/members/${leaver.id}`).set(leaver.auth).expect(204);
    await leaverStream.waitFor(1, (e) => e.event === 'member.removed' && e.data.userId === leaver.id);
    await viewerStream.waitFor(1, (e) => e.event === 'member.removed' && e.data.userId === leaver.id);
  });

  it('replays shared-project events after Last-Event-ID', async () => {
    const first = await open(viewer);
    await settle([first, viewer]);
    const lastEventId = first.lastEventId;
    first.close();
    const missed = await createTask(sut, editor, { title: 'missed', projectId: project.id });
    const elsewhere = await createTask(sut, stranger, { title: 'not yours' });
    const resumed = await open(viewer, { 'Last-Event-ID': lastEventId });
    const [replayed] = await resumed.waitFor(1, about(missed.id));
    expect(replayed!.data).toMatchObject({
      type: 'task.created',
      projectId: project.id,
      task: { title: 'missed' },
    });
    await settle([resumed, viewer]);
    expect(resumed.events.some(about(elsewhere.id))).toBe(false);
  });

  it('shows a task moved out of a shared project leaving to members who cannot follow it, subtasks included', async () => {
    const [ownerStream, viewerStream] = [await open(owner), await open(viewer)];
    const parent = await createTask(sut, owner, { title: 'moving', projectId: project.id });
    const child = await createTask(sut, owner, {
      title: 'carried',
      projectId: project.id,
      parentId: parent.id,
    });
    await viewerStream.waitFor(1, about(child.id));
    const beforeMove = viewerStream.lastEventId;
    const inbox = await inboxOf(sut, owner);
    await sut.http
      .post(`/api/v1/tasks/${parent.id}/move`)
      .set(owner.auth)
      .send({ projectId: inbox.id })
      .expect(200);

    for (const id of [parent.id, child.id]) {
      const [gone] = await viewerStream.waitFor(1, (e) => e.event === 'task.deleted' && e.data.taskId === id);
      expect(gone!.data.projectId).toBe(project.id);
    }
    for (const id of [parent.id, child.id]) {
      const [moved] = await ownerStream.waitFor(1, (e) => e.event === 'task.updated' && e.data.taskId === id);
      expect(moved!.data).toMatchObject({ projectId: inbox.id, task: { projectId: inbox.id } });
    }
    await settle([ownerStream, owner], [viewerStream, viewer]);
    // The owner is in both projects: no delete, just the move.
    expect(ownerStream.events.filter((e) => e.event === 'task.deleted')).toEqual([]);
    expect(viewerStream.events.filter((e) => e.data.projectId === inbox.id)).toEqual([]);

    // A resume from before the move replays the same: the deletes for the viewer, none for the owner.
    const resumed = { 'Last-Event-ID': beforeMove };
    const [ownerAgain, viewerAgain] = [await open(owner, resumed), await open(viewer, resumed)];
    await viewerAgain.waitFor(2, (e) => e.event === 'task.deleted');
    await ownerAgain.waitFor(2, (e) => e.event === 'task.updated' && e.data.projectId === inbox.id);
    expect(ownerAgain.events.filter((e) => e.event === 'task.deleted')).toEqual([]);
    ownerAgain.close();
    viewerAgain.close();
  });

  it('tells members when the project goes to the trash and comes back', async () => {
    const doomed = await createProject(sut, owner, { name: 'Doomed' });
    await addMember(sut, owner, doomed.id, viewer, 'viewer');
    const viewerStream = await open(viewer);
    await sut.http.delete(`/api/v1/projects/${doomed.id}`).set(owner.auth).expect(204);
    const [deleted] = await viewerStream.waitFor(1, (e) => e.event === 'project.deleted');
    expect(deleted!.data).toEqual({ type: 'project.deleted', projectId: doomed.id });
    await sut.http.post(`/api/v1/projects/${doomed.id}/restore`).set(owner.auth).expect(200);
    const [back] = await viewerStream.waitFor(1, (e) => e.event === 'project.updated');
    expect(back!.data.project).toMatchObject({ id: doomed.id, role: 'viewer' });
  });

  it('forgets who belongs where once the last stream closes', async () => {
    for (const stream of streams) stream.close();
    await eventually(() => sut.app.get(RealtimeHub).subscribedUsers === 0);
    await sleep(10);
  });
});
