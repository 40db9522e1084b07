import { Injectable } from '@nestjs/common';
import { PreconditionFailed } from '../common/app-errors.js';
import { isSupportedInstant } from '../common/instant.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { IdempotencyStore, isUniqueViolation } from '../idempotency/idempotency.store.js';
import { ActivityLog, changesBetween } from '../events/activity-log.js';
import { type RecordedEvent, TaskEventLog } from '../events/task-event-log.js';
import { ProjectAccess } from '../projects/project-access.js';
import type {
  CreateTaskInput,
  ListTasksQuery,
  MoveTaskInput,
  Task,
  UpdateTaskInput,
} from './dto/task.schemas.js';
import type { QuickAddTaskInput } from './dto/quick-add.schemas.js';
import { quickAddRequest, quickAddToCreate, readQuickAdd } from './quick-add.js';
import { type PlaceIds, QuickAddPlaces } from './quick-add-places.js';
import { advance } from './recurrence.js';
import { MOVED_FIELDS, updateActivity } from './task-activity.js';
import { TaskBatchFailed, type TaskWrite, type TaskWritten } from './task-batch.js';
import { TaskPlacement } from './task-placement.js';
import { type LockedTask, type NewTaskRow, type TaskChanges, TasksRepository } from './tasks.repository.js';

export interface CreatedTask {
  status: number;
  task: Task;
}

function date(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  return new Date(value);
}

@Injectable()
export class TasksService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: TasksRepository,
    private readonly events: TaskEventLog,
    private readonly idempotency: IdempotencyStore,
    private readonly placement: TaskPlacement,
    private readonly access: ProjectAccess,
    private readonly places: QuickAddPlaces,
    private readonly activity: ActivityLog,
  ) {}

  async list(userId: string, query: ListTasksQuery) {
    if (query.projectId) await this.access.require(userId, query.projectId, 'read');
    const assignee = query.assignee === 'me' ? userId : query.assignee;
    return this.repository.listPage(userId, { ...query, assignee });
  }

  async get(userId: string, id: string): Promise<Task> {
    const found = await this.repository.findForMember(userId, id);
    ProjectAccess.decide(found?.role, 'read', 'Task');
    return found!.task;
  }

  /**
   * Quick-add text, parsed now (see quick-add.ts), created like any task; a retry is matched on the text. Its
   * `+Project` / `/Section` file the task there when they name the person's project and section; otherwise the
   * words stay in the title.
   */
  async quickAdd(userId: string, input: QuickAddTaskInput, idempotencyKey?: string): Promise<CreatedTask> {
    const now = new Date();
    let read = readQuickAdd(input, now, true);
    let place: PlaceIds | null = {};
    if (read.place.project !== null || read.place.section !== null) {
      place = await this.places.resolve(userId, read.place);
      if (!place) read = readQuickAdd(input, now, false);
    }
    return this.create(userId, quickAddToCreate(read, place ?? {}), idempotencyKey, quickAddRequest(input));
  }

  /**
   * `request` is what an Idempotency-Key's retry must repeat: the create body itself, or for quick add its text
   * (whose due date depends on when it is read, so the parsed body would differ between a first try and a retry).
   */
  async create(
    userId: string,
    input: CreateTaskInput,
    idempotencyKey?: string,
    request: unknown = input,
  ): Promise<CreatedTask> {
    // Only a keyed create is matched against its retries; the hash costs every other create for nothing.
    const fingerprint = idempotencyKey ? IdempotencyStore.fingerprint(request) : '';
    if (idempotencyKey) {
      const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
      if (stored) return { status: stored.status, task: stored.body as Task };
    }
    // Before the transaction: an Inbox this creates (an older release left it missing) stays whatever the create
    // does, and PGlite's one connection is not asked twice at once.
    const inboxId = await this.access.inboxOf(userId);
    try {
      const { task, event } = await this.database.db.transaction(async (tx) => {
        const { task, event } = await this.createIn(tx, userId, input, inboxId);
        if (idempotencyKey) {
          await this.idempotency.save(tx, userId, idempotencyKey, fingerprint, {
            status: 201,
            body: task,
            location: null,
          });
        }
        return { task, event };
      });
      await this.events.announce([event]);
      return { status: 201, task };
    } catch (error) {
      // A concurrent retry with the same key won the race: replay its response.
      if (idempotencyKey && isUniqueViolation(error)) {
        const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
        if (stored) return { status: stored.status, task: stored.body as Task };
      }
      throw error;
    }
  }

  async update(userId: string, id: string, input: UpdateTaskInput, expectedVersion?: number): Promise<Task> {
    const { task, events } = await this.database.db.transaction((tx) =>
      this.updateIn(tx, userId, id, input, expectedVersion),
    );
    await this.events.announce(events);
    return task;
  }

  /** One update inside the caller's transaction: `update` runs it alone, `writeMany` several in one. */
  private async updateIn(
    tx: Executor,
    userId: string,
    id: string,
    input: UpdateTaskInput,
    expectedVersion?: number,
  ): Promise<{ task: Task; events: RecordedEvent[] }> {
    const locked = await this.writable(tx, userId, id);
    const current = locked.task;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new PreconditionFailed(
        `The task is at version ${current.version}, not ${expectedVersion}; fetch it again and reapply your change.`,
      );
    }
    await this.placement.checkAssignee(tx, current.projectId, input.assigneeId);
    const changes = this.changesFor(current, input);
    // Recorded first (an update does not change the project): the erased occurrence's delete follows it.
    const recorded = [
      await this.events.record(tx, userId, 'task.updated', id, updateActivity(current, changes)),
    ];
    const withdrawn =
      changes.completed === false && locked.nextOccurrenceId
        ? await this.withdrawOccurrence(tx, userId, locked.nextOccurrenceId)
        : { unlinked: false, erased: null };
    if (withdrawn.unlinked) changes.nextOccurrenceId = null;
    if (withdrawn.erased) recorded.push(withdrawn.erased);
    let updated = await this.repository.update(tx, id, changes);
    if (changes.completed === true) {
      for (const descendant of await this.repository.completeDescendants(tx, id, changes.completedAt!)) {
        recorded.push(
          await this.events.record(tx, userId, 'task.updated', descendant, {
            action: 'task.completed',
            changes: { completed: { from: false, to: true } },
          }),
        );
      }
    }
    const nextOccurrence = this.startsNextOccurrence(locked, updated)
      ? await this.nextOccurrenceOf(tx, userId, updated)
      : null;
    if (nextOccurrence) {
      const next = await this.repository.insert(tx, nextOccurrence);
      updated = await this.repository.update(tx, id, { nextOccurrenceId: next.id });
      recorded.push(
        await this.events.record(tx, userId, 'task.created', next.id, { action: 'task.created' }),
      );
    }
    return { task: updated, events: recorded };
  }

  /** Its subtasks go to the trash with it, and come back only with it. */
  async trash(userId: string, id: string): Promise<void> {
    const events = await this.database.db.transaction(async (tx) => {
      await this.writable(tx, userId, id);
      const now = new Date();
      await this.repository.update(tx, id, { deletedAt: now });
      const trashed = { action: 'task.trashed' } as const;
      const recorded = [await this.events.record(tx, userId, 'task.deleted', id, trashed)];
      for (const descendant of await this.repository.trashDescendants(tx, id, now)) {
        recorded.push(await this.events.record(tx, userId, 'task.deleted', descendant, trashed));
      }
      return recorded;
    });
    await this.events.announce(events);
  }

  /** Moves a task (with its subtasks) to another place and/or between two siblings: see TaskPlacement. */
  async move(userId: string, id: string, input: MoveTaskInput): Promise<Task> {
    const { task, events } = await this.database.db.transaction(async (tx) => {
      const current = (await this.writable(tx, userId, id)).task;
      const place = await this.placement.forMove(tx, userId, current, input);
      const recorded: RecordedEvent[] = [];
      if (place.projectId !== current.projectId) {
        // Filed under the old project while the tasks are still in it: its members who are not in the new one
        // see them leave (the live stream skips these for members of both, who get the updates below).
        for (const leaving of [id, ...(await this.repository.liveDescendantIds(tx, id))]) {
          recorded.push(await this.events.recordLeaving(tx, userId, leaving, place.projectId));
        }
      }
      const task = await this.repository.update(tx, id, {
        ...place,
        updatedAt: new Date(),
        version: current.version + 1,
      });
      // Filed in the project it went to (with the event) and, when it left one, in that project too.
      const moved = { action: 'task.moved', changes: changesBetween(current, place, MOVED_FIELDS) } as const;
      if (place.projectId !== current.projectId) {
        await this.activity.record(tx, userId, [{ ...moved, projectId: current.projectId, taskId: id }]);
      }
      recorded.push(await this.events.record(tx, userId, 'task.updated', id, moved));
      if (place.projectId !== current.projectId || place.sectionId !== current.sectionId) {
        for (const carried of await this.repository.carryDescendants(
          tx,
          id,
          place.projectId,
          place.sectionId,
        )) {
          recorded.push(await this.events.record(tx, userId, 'task.updated', carried));
        }
      }
      return { task, events: recorded };
    });
    await this.events.announce(events);
    return task;
  }

  /**
   * Several creates, updates and completions in ONE transaction (the MCP batch tools): every item is written, or none.
   * Items run in order with the same rules as `create` / `update`; the first failing one rolls the batch back and is
   * reported by its index (TaskBatchFailed). The tasks to change are locked first in id order, so two batches
   * touching the same tasks queue instead of deadlocking. With an idempotency key (the REST store, shared with
   * `create`), a retry of the same batch returns the first results and writes nothing new.
   */
  async writeMany(
    userId: string,
    writes: readonly TaskWrite[],
    idempotencyKey?: string,
  ): Promise<TaskWritten[]> {
    const fingerprint = IdempotencyStore.fingerprint({ batch: writes });
    if (idempotencyKey) {
      const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
      if (stored) return stored.body as TaskWritten[];
    }
    try {
      return await this.writeManyOnce(
        userId,
        writes,
        idempotencyKey ? { key: idempotencyKey, fingerprint } : undefined,
      );
    } catch (error) {
      // A concurrent retry with the same key won the race: replay its results.
      if (idempotencyKey && isUniqueViolation(error)) {
        const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
        if (stored) return stored.body as TaskWritten[];
      }
      throw error;
    }
  }

  private async writeManyOnce(
    userId: string,
    writes: readonly TaskWrite[],
    idempotency: { key: string; fingerprint: string } | undefined,
  ): Promise<TaskWritten[]> {
    // Before the transaction, as in `create`.
    const inboxId = await this.access.inboxOf(userId);
    const { results, events } = await this.database.db.transaction(async (tx) => {
      const ids = [...new Set(writes.flatMap((write) => (write.kind === 'create' ? [] : [write.id])))].sort();
      for (const id of ids) {
        try {
          await this.writable(tx, userId, id);
        } catch (error) {
          throw new TaskBatchFailed(
            writes.findIndex((write) => write.kind !== 'create' && write.id === id),
            error,
          );
        }
      }
      const results: TaskWritten[] = [];
      const events: RecordedEvent[] = [];
      for (const [index, write] of writes.entries()) {
        try {
          const done = await this.writeIn(tx, userId, write, inboxId);
          results.push({ task: done.task, changed: done.changed });
          events.push(...done.events);
        } catch (error) {
          throw new TaskBatchFailed(index, error);
        }
      }
      if (idempotency) {
        await this.idempotency.save(tx, userId, idempotency.key, idempotency.fingerprint, {
          status: 200,
          body: results,
          location: null,
        });
      }
      return { results, events };
    });
    await this.events.announce(events);
    return results;
  }

  private async writeIn(
    tx: Executor,
    userId: string,
    write: TaskWrite,
    inboxId: string,
  ): Promise<{ task: Task; changed: boolean; events: RecordedEvent[] }> {
    if (write.kind === 'update') {
      return { ...(await this.updateIn(tx, userId, write.id, write.input, write.version)), changed: true };
    }
    if (write.kind === 'complete') {
      // As the completeTask tool: completing a completed task changes nothing (unless the version is stale).
      const current = (await this.writable(tx, userId, write.id)).task;
      if (current?.completed && (write.version === undefined || write.version === current.version)) {
        return { task: current, changed: false, events: [] };
      }
      const done = await this.updateIn(tx, userId, write.id, { completed: true }, write.version);
      return { ...done, changed: true };
    }
    const { task, event } = await this.createIn(tx, userId, write.input, inboxId);
    return { task, changed: true, events: [event] };
  }

  /** One create inside the caller's transaction: `create` runs it alone, `writeMany` several in one. */
  private async createIn(
    tx: Executor,
    userId: string,
    input: CreateTaskInput,
    inboxId: string,
  ): Promise<{ task: Task; event: RecordedEvent }> {
    const now = new Date();
    const place = await this.placement.forNewTask(tx, userId, input, inboxId);
    await this.placement.checkAssignee(tx, place.projectId, input.assigneeId);
    const task = await this.repository.insert(tx, {
      userId,
      ...place,
      assigneeId: input.assigneeId ?? null,
      createdBy: userId,
      title: input.title,
      description: input.description ?? null,
      completed: input.completed ?? false,
      completedAt: input.completed ? now : null,
      priority: input.priority,
      tags: input.tags,
      dueAt: date(input.dueAt) ?? null,
      remindAt: date(input.remindAt) ?? null,
      recurrence: input.recurrence ?? null,
    });
    return {
      task,
      event: await this.events.record(tx, userId, 'task.created', task.id, { action: 'task.created' }),
    };
  }

  /**
   * Locks a live task the caller may change, reading their role with it in the same query: not a member of its
   * project (or no such task) is 404, a viewer 403 (ProjectAccess.decide).
   */
  private async writable(tx: Executor, userId: string, id: string): Promise<LockedTask> {
    const locked = await this.repository.lockForMember(tx, userId, id);
    ProjectAccess.decide(locked?.role, 'write', 'Task');
    return locked!;
  }

  private changesFor(current: Task, input: UpdateTaskInput): TaskChanges {
    const changes: TaskChanges = { updatedAt: new Date(), version: current.version + 1 };
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.priority !== undefined) changes.priority = input.priority;
    if (input.tags !== undefined) changes.tags = input.tags;
    if (input.dueAt !== undefined) changes.dueAt = date(input.dueAt);
    if (input.remindAt !== undefined) changes.remindAt = date(input.remindAt);
    if (input.recurrence !== undefined) changes.recurrence = input.recurrence;
    if (input.assigneeId !== undefined) changes.assigneeId = input.assigneeId;
    if (input.completed !== undefined && input.completed !== current.completed) {
      changes.completed = input.completed;
      changes.completedAt = input.completed ? new Date() : null;
    }
    return changes;
  }

  /**
   * Reopening a completed task takes back the next occurrence its completion created: that occurrence never existed
   * for the person, so it is erased, not trashed. One that was changed, completed or trashed since stays, and stays
   * linked, so completing again adds no second one; one already erased only unlinks, so the series goes on.
   */
  /** Its delete is recorded before the erase, while the row still says which project it belonged to. */
  private async withdrawOccurrence(
    tx: Executor,
    userId: string,
    occurrenceId: string,
  ): Promise<{ unlinked: boolean; erased: RecordedEvent | null }> {
    const occurrence = await this.repository.lock(tx, occurrenceId);
    if (!occurrence) return { unlinked: true, erased: null };
    const untouched = occurrence.task.version === 1 && !occurrence.task.completed && !occurrence.trashed;
    if (!untouched) return { unlinked: false, erased: null };
    const erased = await this.events.record(tx, userId, 'task.deleted', occurrenceId);
    await this.repository.erase(tx, occurrenceId);
    return { unlinked: true, erased };
  }

  /** Only a completion without a linked next occurrence spawns one, so a series never has two open. */
  private startsNextOccurrence(before: LockedTask, after: Task): boolean {
    return after.completed && !before.task.completed && after.recurrence !== null && !before.nextOccurrenceId;
  }

  /** Null when the next occurrence would fall after year 9999: the series ends there. It goes last beside it. */
  private async nextOccurrenceOf(tx: Executor, userId: string, task: Task): Promise<NewTaskRow | null> {
    const period = task.recurrence!;
    const dueAt = task.dueAt ? advance(new Date(task.dueAt), period) : null;
    const remindAt = task.remindAt ? advance(new Date(task.remindAt), period) : null;
    if ([dueAt, remindAt].some((date) => date && !isSupportedInstant(date.getTime()))) return null;
    const scope = { projectId: task.projectId, sectionId: task.sectionId, parentId: task.parentId };
    return {
      userId,
      ...scope,
      position: await this.placement.lastIn(tx, scope),
      assigneeId: task.assigneeId,
      createdBy: task.createdBy,
      title: task.title,
      description: task.description,
      priority: task.priority,
      tags: task.tags,
      recurrence: task.recurrence,
      dueAt,
      remindAt,
    };
  }
}
