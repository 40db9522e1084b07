import { Injectable, Logger } from '@nestjs/common';
import { lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { ShapedStatements } from '../database/shaped-statements.js';
import { ActivityLog, type ActivityEntry } from './activity-log.js';
import { taskEvents } from '../database/schema/index.js';

export type TaskEventType = 'task.created' | 'task.updated' | 'task.deleted' | 'task.restored';
/** Events about a project rather than one task; `subjectId` names the member or comment concerned. */
export type ProjectEventType =
  'project.updated' | 'project.deleted' | 'member.added' | 'member.removed' | 'comment.created';
export type LiveEventType = TaskEventType | ProjectEventType;

export interface TaskRecordedEvent {
  id: number;
  userId: string;
  type: TaskEventType;
  taskId: string;
  projectId: string | null;
  /**
   * On a `task.deleted` recorded by a move: the project the task went to (the delete is its leaving `projectId`).
   * Null or absent on every other task event.
   */
  subjectId?: string | null;
}

/** One row of the event log: `userId` made the change in `projectId`. */
export type RecordedEvent =
  | TaskRecordedEvent
  | {
      id: number;
      userId: string;
      type: ProjectEventType;
      taskId: string | null;
      projectId: string;
      subjectId: string | null;
    };

const TASK_EVENT_TYPES: ReadonlySet<string> = new Set<TaskEventType>([
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
]);

export function isTaskEvent(event: RecordedEvent): event is TaskRecordedEvent {
  return TASK_EVENT_TYPES.has(event.type);
}

export interface ProjectEventInput {
  type: ProjectEventType;
  projectId: string;
  /** The member (member.*) or comment (comment.created) concerned. */
  subjectId?: string | null;
  /** The task concerned, for comment events. */
  taskId?: string | null;
}

export const TASK_EVENTS_CHANNEL = 'task_events';

/** A task event's INSERT with named placeholders (`actorId`, `type`, `taskId`), filed under the task's project. */
function taskEventInsert(): SQL {
  const task = sql.placeholder('taskId');
  return sql`insert into task_events (user_id, type, task_id, project_id)
    values (${sql.placeholder('actorId')}, ${sql.placeholder('type')}, ${task},
            (select project_id from tasks where id = ${task})) returning id, project_id`;
}

/**
 * Records task changes inside the writing transaction, and announces them with NOTIFY once it has
 * committed. The payload carries ids only (NOTIFY caps payloads at 8000 bytes); listeners load the rest.
 */
@Injectable()
export class TaskEventLog {
  private readonly logger = new Logger(TaskEventLog.name);
  /** The event-and-activity statement of record(), built once per shape. */
  private readonly statements = new ShapedStatements();

  constructor(private readonly database: DatabaseService) {}

  /**
   * A task event, filed under the task's project as it is at this point of the transaction. `activity`, when the
   * change is one a project's activity shows, is written by the same statement (no extra round trip).
   */
  async record(
    tx: Executor,
    userId: string,
    type: TaskEventType,
    taskId: string,
    activity?: ActivityEntry,
  ): Promise<RecordedEvent> {
    const withProject = activity?.projectId !== undefined;
    const [row] = await this.statements.rows<{ id: string | number; project_id: string | null }>(
      tx,
      activity ? (withProject ? 'record:activity-in-project' : 'record:activity') : 'record',
      () =>
        activity
          ? sql`with logged as (${ActivityLog.insertOneSql(withProject)}) ${taskEventInsert()}`
          : taskEventInsert(),
      activity
        ? { ...ActivityLog.oneEntryValues(userId, taskId, activity), type }
        : { actorId: userId, type, taskId },
    );
    return { id: Number(row!.id), userId, type, taskId, projectId: row!.project_id };
  }

  /**
   * A task moving out of its project into `destination`: a `task.deleted` filed under the project it leaves that
   * names where it went (`subjectId`), so the live stream looks the task up only for these deletes.
   */
  async recordLeaving(
    tx: Executor,
    userId: string,
    taskId: string,
    destination: string,
  ): Promise<RecordedEvent> {
    const projectId = sql`(select project_id from tasks where id = ${taskId})`;
    const type = 'task.deleted';
    const [row] = await tx
      .insert(taskEvents)
      .values({ userId, type, taskId, projectId, subjectId: destination })
      .returning({ id: taskEvents.id, projectId: taskEvents.projectId });
    return { id: row!.id, userId, type, taskId, projectId: row!.projectId, subjectId: destination };
  }

  async recordProjectEvent(tx: Executor, userId: string, input: ProjectEventInput): Promise<RecordedEvent> {
    const { type, projectId } = input;
    const taskId = input.taskId ?? null;
    const subjectId = input.subjectId ?? null;
    const [row] = await tx
      .insert(taskEvents)
      .values({ userId, type, projectId, taskId, subjectId })
      .returning({ id: taskEvents.id });
    return { id: row!.id, userId, type, projectId, taskId, subjectId };
  }

  /** Call after commit. A failed NOTIFY must not fail the write the client already made. */
  async announce(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.database.client.notify(TASK_EVENTS_CHANNEL, JSON.stringify(event));
      } catch (error) {
        this.logger.warn({ err: error, eventId: event.id }, 'task event notify failed');
      }
    }
  }

  async pruneBefore(cutoff: Date): Promise<void> {
    await this.database.db.delete(taskEvents).where(lt(taskEvents.createdAt, cutoff));
  }
}
