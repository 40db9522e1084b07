import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../common/app-errors.js';
import { AppendKeys, keyBetween } from '../common/order-keys.js';
import type { Executor } from '../database/database-client.js';
import { ProjectAccess } from '../projects/project-access.js';
import { SectionsService } from '../sections/sections.service.js';
import type { MoveTaskInput, Task } from './dto/task.schemas.js';
import { type TaskScope, TasksRepository } from './tasks.repository.js';

/** A top-level task is level 1; a task at this level cannot get subtasks. */
export const MAX_LEVELS = 4;

export interface Placement extends TaskScope {
  position: string;
}

interface Requested {
  projectId?: string;
  sectionId?: string | null;
  parentId?: string | null;
}

const invalid = (path: string, message: string) => new ValidationFailed([{ path, message }]);

/**
 * Where a task goes — project, section, parent, order key — and the rules for it, shared by create, move and the
 * MCP tools: write rights in the project (not a member: 404), a section of the same project, a parent of the same
 * project at most MAX_LEVELS deep and not inside the task itself, and an assignee who is a member (each else 400).
 */
@Injectable()
export class TaskPlacement {
  private readonly appendKeys = new AppendKeys();

  constructor(
    private readonly tasks: TasksRepository,
    private readonly access: ProjectAccess,
    private readonly sections: SectionsService,
  ) {}

  /**
   * A new task goes last among its siblings, by the instant it is filed (AppendKeys): no lock and no read of the
   * siblings, so creates in one project never queue on each other. `inboxId` (ProjectAccess.inboxOf, read before
   * the transaction) is where a task without a project goes.
   */
  async forNewTask(tx: Executor, userId: string, requested: Requested, inboxId: string): Promise<Placement> {
    const inbox = requested.projectId === undefined;
    const projectId = requested.projectId ?? inboxId;
    const base = { projectId, sectionId: null, parentId: null };
    // The caller owns their Inbox: a plain v1 create skips the membership read.
    const scope =
      inbox && !requested.sectionId && !requested.parentId
        ? base
        : await this.resolve(tx, userId, requested, base);
    await this.checkDepth(tx, scope.parentId, 1, 'parentId');
    return { ...scope, position: this.appendKeys.next() };
  }

  /** Last among the siblings of `scope`, for a task filed by the API itself (a recurring task's next occurrence). */
  async lastIn(tx: Executor, scope: TaskScope): Promise<string> {
    return this.appendKeys.after(await this.tasks.lastPositionIn(tx, scope));
  }

  /**
   * Where `move` puts the task: see MoveTaskRequest. The caller has locked the task with its write rights in the
   * task's project (TasksService); the destination's are checked here.
   */
  async forMove(tx: Executor, userId: string, task: Task, input: MoveTaskInput): Promise<Placement> {
    const anchors = {
      after: input.after ? await this.anchor(tx, input.after, task.id, 'after') : undefined,
      before: input.before ? await this.anchor(tx, input.before, task.id, 'before') : undefined,
    };
    const explicit =
      input.projectId !== undefined || input.sectionId !== undefined || input.parentId !== undefined;
    const anchor = anchors.after ?? anchors.before;
    const base: TaskScope =
      !explicit && anchor
        ? { projectId: anchor.projectId, sectionId: anchor.sectionId, parentId: anchor.parentId }
        : this.keptScope(task, input);
    const scope = explicit
      ? await this.resolve(tx, userId, input, base)
      : await this.resolve(tx, userId, base, base);
    const subtree = await this.tasks.subtreeOf(tx, task.id);
    if (scope.parentId && subtree.some((node) => node.id === scope.parentId)) {
      throw invalid('parentId', 'must not be the task itself or one of its subtasks');
    }
    const height = Math.max(...subtree.map((node) => node.depth));
    await this.checkDepth(tx, scope.parentId, height, 'parentId');
    for (const [name, sibling] of Object.entries(anchors)) {
      if (sibling && !sameScope(sibling, scope)) {
        throw invalid(name, 'must be a task in the same project, section and parent as where the task goes');
      }
    }
    await this.access.lockOrder(scope.projectId, tx);
    return { ...scope, position: await this.positionBetween(tx, scope, task.id, anchors) };
  }

  async checkAssignee(tx: Executor, projectId: string, assigneeId: string | null | undefined): Promise<void> {
    if (!assigneeId) return;
    if (!(await this.access.isMember(projectId, assigneeId, tx))) {
      throw invalid('assigneeId', 'must be a member of the task’s project');
    }
  }

  /** What a move keeps when it names no place: a new project starts at its top level, a new section too. */
  private keptScope(task: Task, input: MoveTaskInput): TaskScope {
    const projectChanges = input.projectId !== undefined && input.projectId !== task.projectId;
    const sectionChanges = input.sectionId !== undefined && input.sectionId !== task.sectionId;
    return {
      projectId: task.projectId,
      sectionId: projectChanges ? null : task.sectionId,
      parentId: projectChanges || sectionChanges ? null : task.parentId,
    };
  }

  /** Checks and completes a requested place: the project's write rights, the section's and parent's project. */
  private async resolve(
    tx: Executor,
    userId: string,
    requested: Requested,
    base: TaskScope,
  ): Promise<TaskScope> {
    const projectId = requested.projectId ?? base.projectId;
    await this.access.require(userId, projectId, 'write', { executor: tx });
    let parentId = requested.parentId !== undefined ? requested.parentId : base.parentId;
    let sectionId = requested.sectionId !== undefined ? requested.sectionId : base.sectionId;
    if (requested.projectId !== undefined && requested.projectId !== base.projectId) {
      if (requested.parentId === undefined) parentId = null;
      if (requested.sectionId === undefined) sectionId = null;
    }
    if (parentId) {
      const parent = await this.tasks.findLive(tx, parentId);
      if (!parent || parent.task.projectId !== projectId) {
        throw invalid('parentId', 'must be a task of the same project');
      }
      if (requested.sectionId !== undefined && requested.sectionId !== parent.task.sectionId) {
        throw invalid(
          'sectionId',
          'must be the section of the parent task (a subtask stays with its parent)',
        );
      }
      sectionId = parent.task.sectionId;
    }
    if (sectionId) {
      const section = await this.sections.find(sectionId, tx);
      if (!section || section.projectId !== projectId) {
        throw invalid('sectionId', 'must be a section of the same project');
      }
    }
    return { projectId, sectionId, parentId };
  }

  private async checkDepth(tx: Executor, parentId: string | null, height: number, path: string) {
    if (!parentId) return;
    const level = await this.tasks.levelOf(tx, parentId);
    if (level + height > MAX_LEVELS) {
      throw invalid(path, `subtasks go at most ${MAX_LEVELS} levels deep; this would make ${level + height}`);
    }
  }

  private async anchor(tx: Executor, id: string, movingId: string, path: string) {
    if (id === movingId) throw invalid(path, 'must be another task than the one moved');
    const sibling = await this.tasks.findLive(tx, id);
    if (!sibling) throw invalid(path, 'must be a task next to where the task goes');
    return sibling.task;
  }

  private async positionBetween(
    tx: Executor,
    scope: TaskScope,
    movingId: string,
    anchors: { after?: Task; before?: Task },
  ): Promise<string> {
    const { after, before } = anchors;
    if (after && before) {
      const next = await this.tasks.neighbour(tx, scope, after, 'next', movingId);
      if (next?.id !== before.id) throw invalid('before', 'must be the sibling right after `after`');
      return between(after.position, before.position);
    }
    if (after) {
      const next = await this.tasks.neighbour(tx, scope, after, 'next', movingId);
      return between(after.position, next?.position ?? null);
    }
    if (before) {
      const previous = await this.tasks.neighbour(tx, scope, before, 'previous', movingId);
      return between(previous?.position ?? null, before.position);
    }
    return this.appendKeys.after(await this.tasks.lastPositionIn(tx, scope, movingId));
  }
}

const sameScope = (task: Task, scope: TaskScope) =>
  task.projectId === scope.projectId &&
  task.sectionId === scope.sectionId &&
  task.parentId === scope.parentId;

/**
 * Siblings whose keys tie (two inserts of the previous release in one millisecond) have no key between them: the
 * task then goes after the lower one, possibly past later siblings, rather than fail.
 */
function between(lower: string | null, upper: string | null): string {
  if (lower !== null && upper !== null && lower >= upper) return keyBetween(lower, null);
  return keyBetween(lower, upper);
}
