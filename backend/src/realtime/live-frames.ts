import type { ProjectRole } from '../projects/project-access.js';
import { toProject } from '../projects/dto/to-project.js';
import { isTaskEvent, type RecordedEvent, type TaskRecordedEvent } from '../events/task-event-log.js';
import { toTask, type TaskDriverRow } from '../tasks/dto/to-task.js';
import type { TaskEvent } from './dto/task-event.schema.js';
import { eventFrame } from './sse-frame.js';
import type { MemberCard, TaskEventsRepository } from './task-events.repository.js';

type ProjectRecordedEvent = Exclude<RecordedEvent, TaskRecordedEvent>;

/**
 * A task event's data. The task rides along only while it is live in the event's project: a task moved on to
 * another project since is null here (the move recorded a delete for this project's members), so nobody reads a
 * project's task through an event of a project they share with it no longer.
 */
export function taskEventData(event: TaskRecordedEvent, row: TaskDriverRow | undefined): TaskEvent {
  const projectId = event.projectId ?? undefined;
  if (event.type === 'task.deleted') return { type: event.type, projectId, taskId: event.taskId };
  const live =
    row && row.deleted_at === null && (event.projectId === null || row.project_id === event.projectId);
  return { type: event.type, projectId, taskId: event.taskId, task: live ? toTask(row) : null };
}

/** The frame of a new comment (the comment itself is the comments module's to add). */
export function commentCreatedData(event: ProjectRecordedEvent): TaskEvent {
  return {
    type: 'comment.created',
    projectId: event.projectId,
    taskId: event.taskId ?? undefined,
    commentId: event.subjectId ?? undefined,
  };
}

export function memberAddedData(
  event: ProjectRecordedEvent,
  card: MemberCard & { role: ProjectRole },
): TaskEvent {
  return {
    type: 'member.added',
    projectId: event.projectId,
    member: { userId: event.subjectId!, name: card.name, role: card.role },
  };
}

export function memberRemovedData(event: ProjectRecordedEvent): TaskEvent {
  return { type: 'member.removed', projectId: event.projectId, userId: event.subjectId ?? undefined };
}

export function projectDeletedData(event: ProjectRecordedEvent): TaskEvent {
  return { type: 'project.deleted', projectId: event.projectId };
}

/** `project.updated` as one role sees it (the project's `role` is the reader's). */
export function projectUpdatedData(
  event: ProjectRecordedEvent,
  loaded: NonNullable<Awaited<ReturnType<TaskEventsRepository['projectWithRoles']>>>,
  role: ProjectRole,
): TaskEvent {
  return {
    type: 'project.updated',
    projectId: event.projectId,
    project: toProject({ ...loaded.row, role }, loaded.openTaskCount),
  };
}

/** One event made ready to send: the frame each recipient gets (undefined: nothing for them). */
export type PreparedEvent = (
  recipient: string,
  projects: ReadonlySet<string> | undefined,
) => string | undefined;

const nothing: PreparedEvent = () => undefined;

/**
 * Whether the event's frame needs its task's current row. A delete carries ids only; the one a move records
 * (`subjectId`: where the task went) asks where the task is now, to spare members who can follow it there.
 */
export function needsTaskRow(event: RecordedEvent): event is TaskRecordedEvent {
  return isTaskEvent(event) && (event.type !== 'task.deleted' || Boolean(event.subjectId));
}

/**
 * Loads what an event carries, once for all its recipients, and builds its frame once (per role, for
 * `project.updated`). `tasks` may hold the task rows already (a replay loads them in one query).
 */
export async function prepareEvent(
  repository: TaskEventsRepository,
  event: RecordedEvent,
  tasks?: Map<string, TaskDriverRow>,
): Promise<PreparedEvent> {
  const once = (data: TaskEvent): PreparedEvent => {
    const frame = eventFrame(event.id, event.type, data);
    return () => frame;
  };
  if (isTaskEvent(event)) {
    const row = !needsTaskRow(event)
      ? undefined
      : tasks
        ? tasks.get(event.taskId)
        : (await repository.tasks([event.taskId])).get(event.taskId);
    const frame = eventFrame(event.id, event.type, taskEventData(event, row));
    // A task moved on to another project: this project's delete is for those who cannot follow it there.
    const movedTo =
      event.type === 'task.deleted' && row && row.deleted_at === null && row.project_id !== event.projectId
        ? row.project_id
        : undefined;
    return movedTo ? (_, projects) => (projects?.has(movedTo) ? undefined : frame) : () => frame;
  }
  switch (event.type) {
    case 'comment.created':
      return once(commentCreatedData(event));
    case 'member.removed':
      return once(memberRemovedData(event));
    case 'project.deleted':
      return once(projectDeletedData(event));
    case 'member.added': {
      const card = event.subjectId
        ? await repository.memberCard(event.projectId, event.subjectId)
        : undefined;
      // Gone again since: the member.removed that follows says so.
      return card?.role ? once(memberAddedData(event, { ...card, role: card.role })) : nothing;
    }
    case 'project.updated': {
      const loaded = await repository.projectWithRoles(event.projectId);
      if (!loaded) return nothing;
      const frames = new Map<ProjectRole, string>();
      return (recipient) => {
        const role = loaded.roles.get(recipient);
        if (!role) return undefined;
        let frame = frames.get(role);
        if (!frame) {
          frame = eventFrame(event.id, event.type, projectUpdatedData(event, loaded, role));
          frames.set(role, frame);
        }
        return frame;
      };
    }
  }
}
