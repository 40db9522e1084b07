import { Injectable } from '@nestjs/common';
import { Conflict, NotFound, PreconditionFailed } from '../common/app-errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { keyAfter } from '../common/order-keys.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { ActivityLog, changesBetween } from '../events/activity-log.js';
import { type RecordedEvent, TaskEventLog } from '../events/task-event-log.js';
import type {
  CreateProjectInput,
  Project,
  ProjectPage,
  ProjectPageQuery,
  TrashedProjectPage,
  UpdateProjectInput,
} from './dto/project.schemas.js';
import { isoFromDriver, toProject, toTrashedProject } from './dto/to-project.js';
import { ProjectAccess } from './project-access.js';
import { ProjectsRepository } from './projects.repository.js';

const LIST_SORT = 'projects';
const TRASH_SORT = 'projects:-deletedAt';
const RANKED_KEY = /^[01]:[0-9A-Za-z]{1,200}$/;

@Injectable()
export class ProjectsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: ProjectsRepository,
    private readonly access: ProjectAccess,
    private readonly events: TaskEventLog,
    private readonly activity: ActivityLog,
  ) {}

  async list(userId: string, query: ProjectPageQuery): Promise<ProjectPage> {
    const cursor = query.cursor
      ? decodeCursor(query.cursor, LIST_SORT, (key) => key !== null && RANKED_KEY.test(key))
      : undefined;
    const after = cursor && {
      rank: Number(cursor.k!.slice(0, 1)),
      position: cursor.k!.slice(2),
      id: cursor.id,
    };
    const rows = await this.repository.listForMember(userId, query.limit + 1, after);
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    const counts = await this.repository.openTaskCounts(shown.map((row) => row.id));
    return {
      items: shown.map((row) => toProject(row, counts.get(row.id) ?? 0)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ s: LIST_SORT, k: `${last.is_inbox ? 0 : 1}:${last.position}`, id: last.id })
          : null,
    };
  }

  async listTrash(userId: string, query: ProjectPageQuery): Promise<TrashedProjectPage> {
    const cursor = query.cursor
      ? decodeCursor(query.cursor, TRASH_SORT, (key) => key !== null && !Number.isNaN(Date.parse(key)))
      : undefined;
    const rows = await this.repository.listTrashedOwned(
      userId,
      query.limit + 1,
      cursor && { deletedAt: cursor.k!, id: cursor.id },
    );
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    return {
      items: shown.map(toTrashedProject),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ s: TRASH_SORT, k: isoFromDriver(last.deleted_at!), id: last.id })
          : null,
    };
  }

  async get(userId: string, id: string): Promise<Project> {
    await this.access.require(userId, id, 'read');
    return this.read(userId, id);
  }

  private async read(userId: string, id: string): Promise<Project> {
    const row = await this.repository.findForMember(userId, id);
    if (!row) throw new NotFound('Project');
    const counts = await this.repository.openTaskCounts([id]);
    return toProject(row, counts.get(id) ?? 0);
  }

  async create(userId: string, input: CreateProjectInput): Promise<Project> {
    const { id, event } = await this.database.db.transaction(async (tx) => {
      const position = keyAfter(await this.repository.lastPosition(tx, userId));
      const projectId = await this.repository.insertOwned(tx, userId, {
        name: input.name,
        color: input.color ?? null,
        position,
      });
      await this.activity.record(tx, userId, [{ action: 'project.created', projectId }]);
      // The owner joins their new project: streams they already have open carry its events from here on.
      const joined = await this.events.recordProjectEvent(tx, userId, {
        type: 'member.added',
        projectId,
        subjectId: userId,
      });
      return { id: projectId, event: joined };
    });
    await this.events.announce([event]);
    return this.read(userId, id);
  }

  async update(userId: string, id: string, input: UpdateProjectInput, expectedVersion?: number) {
    const event = await this.database.db.transaction(async (tx) => {
      await this.access.require(userId, id, 'write', { executor: tx });
      const current = await this.repository.lock(tx, id);
      if (!current) throw new NotFound('Project');
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new PreconditionFailed(
          `The project is at version ${current.version}, not ${expectedVersion}; fetch it again and reapply your change.`,
        );
      }
      if (current.is_inbox && input.position !== undefined) {
        throw new Conflict('The Inbox always comes first; its position cannot change.');
      }
      await this.repository.update(tx, id, input);
      const changes = changesBetween(current, input, ['name', 'color', 'position']);
      if (Object.keys(changes).length > 0) {
        await this.activity.record(tx, userId, [{ action: 'project.updated', projectId: id, changes }]);
      }
      return this.events.recordProjectEvent(tx, userId, { type: 'project.updated', projectId: id });
    });
    await this.events.announce([event]);
    return this.read(userId, id);
  }

  /** The project and all its live tasks go to the trash together, as one change. */
  async trash(userId: string, id: string): Promise<void> {
    const events = await this.database.db.transaction(async (tx) => {
      await this.access.require(userId, id, 'own', { executor: tx });
      const current = await this.repository.lock(tx, id);
      if (current?.is_inbox) throw new Conflict('The Inbox cannot be deleted.');
      const taskIds = await this.repository.trash(tx, id);
      await this.recordTrashed(tx, userId, id, true);
      const recorded = await this.record(tx, userId, 'task.deleted', taskIds);
      recorded.push(
        await this.events.recordProjectEvent(tx, userId, { type: 'project.deleted', projectId: id }),
      );
      return recorded;
    });
    await this.events.announce(events);
  }

  async restore(userId: string, id: string): Promise<Project> {
    const events = await this.database.db.transaction(async (tx) => {
      await this.access.require(userId, id, 'own', { executor: tx, trashed: true, what: 'Trashed project' });
      await this.repository.lock(tx, id);
      const taskIds = await this.repository.restore(tx, id);
      await this.recordTrashed(tx, userId, id, false);
      // The project first, so boards have it when its tasks come back; there is no project.restored event.
      const recorded = [
        await this.events.recordProjectEvent(tx, userId, { type: 'project.updated', projectId: id }),
      ];
      return recorded.concat(await this.record(tx, userId, 'task.restored', taskIds));
    });
    await this.events.announce(events);
    return this.read(userId, id);
  }

  /**
   * The contract has no project.trashed: trashing (with every task in it) and restoring are one `project.updated`
   * entry each, changing `trashed`.
   */
  private recordTrashed(tx: Executor, userId: string, projectId: string, trashed: boolean): Promise<void> {
    const changes = { trashed: { from: !trashed, to: trashed } };
    return this.activity.record(tx, userId, [{ action: 'project.updated', projectId, changes }]);
  }

  private async record(
    tx: Parameters<TaskEventLog['record']>[0],
    userId: string,
    type: 'task.deleted' | 'task.restored',
    taskIds: string[],
  ): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    for (const taskId of taskIds) recorded.push(await this.events.record(tx, userId, type, taskId));
    return recorded;
  }
}
