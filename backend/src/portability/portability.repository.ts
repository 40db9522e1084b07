import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { comments, projectMembers, projects, sections, tasks, users } from '../database/schema/index.js';
import type { ActivityEntry } from '../events/activity-log.js';
import type { ExportedProject, ExportedTask } from './dto/portability.schemas.js';
import type { ImportPlan, PlannedProject } from './import-plan.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters at ~20 columns a row. */
const CHUNK = 1000;

@Injectable()
export class PortabilityRepository {
  constructor(private readonly database: DatabaseService) {}

  /** The projects the person owns (not trashed), Inbox first, each with its sections and live tasks, in order. */
  async exportOwned(userId: string): Promise<ExportedProject[]> {
    const db = this.database.db;
    const owned = await db
      .select()
      .from(projects)
      .where(and(eq(projects.ownerId, userId), isNull(projects.deletedAt)))
      .orderBy(sql`${projects.isInbox} desc`, asc(projects.position), asc(projects.id));
    if (owned.length === 0) return [];
    const ids = owned.map((project) => project.id);
    const sectionRows = await db
      .select()
      .from(sections)
      .where(inArray(sections.projectId, ids))
      .orderBy(asc(sections.position), asc(sections.id));
    const taskRows = await db
      .select()
      .from(tasks)
      .where(and(inArray(tasks.projectId, ids), isNull(tasks.deletedAt)))
      .orderBy(asc(tasks.position), asc(tasks.id));
    const live = new Set(taskRows.map((task) => task.id));
    const iso = (value: Date | null) => (value ? value.toISOString() : null);
    const commentsOf = await this.commentsOf(ids);
    return owned.map((project) => ({
      id: project.id,
      name: project.name,
      color: project.color,
      isInbox: project.isInbox,
      position: project.position,
      sections: sectionRows
        .filter((section) => section.projectId === project.id)
        .map((section) => ({ id: section.id, name: section.name, position: section.position })),
      tasks: taskRows
        .filter((task) => task.projectId === project.id)
        .map((task) => ({
          id: task.id,
          sectionId: task.sectionId,
          // A parent in the trash is not exported; its live subtask comes out at the top.
          parentId: task.parentId && live.has(task.parentId) ? task.parentId : null,
          position: task.position,
          title: task.title,
          description: task.description,
          completed: task.completed,
          completedAt: iso(task.completedAt),
          priority: task.priority,
          tags: task.tags,
          dueAt: iso(task.dueAt),
          remindAt: iso(task.remindAt),
          recurrence: task.recurrence,
          createdAt: task.createdAt.toISOString(),
          comments: commentsOf.get(task.id) ?? [],
        })),
    }));
  }

  /** The comments on the live tasks of these projects, by task, oldest first. */
  private async commentsOf(projectIds: string[]): Promise<Map<string, ExportedTask['comments']>> {
    const rows = await this.database.db
      .select({
        id: comments.id,
        taskId: comments.taskId,
        authorId: comments.authorId,
        authorName: users.name,
        body: comments.body,
        createdAt: comments.createdAt,
      })
      .from(comments)
      .innerJoin(tasks, eq(tasks.id, comments.taskId))
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(and(inArray(tasks.projectId, projectIds), isNull(tasks.deletedAt)))
      .orderBy(asc(comments.createdAt), asc(comments.id));
    const byTask = new Map<string, ExportedTask['comments']>();
    for (const row of rows) {
      const list = byTask.get(row.taskId) ?? [];
      list.push({
        id: row.id,
        author: { id: row.authorId, name: row.authorName },
        body: row.body,
        createdAt: row.createdAt.toISOString(),
      });
      byTask.set(row.taskId, list);
    }
    return byTask;
  }

  /** Every task the person has, the trash included: what MAX_TASKS_PER_USER counts. */
  async taskCount(userId: string): Promise<number> {
    return this.database.db.$count(tasks, eq(tasks.userId, userId));
  }

  /**
   * Creates the plan inside the caller's transaction: new projects after the person's last one, the Inbox's
   * sections and tasks after what it holds. Order keys are made afresh per sibling group, in plan order.
   */
  /** Returns the activity of what it created: each project but the Inbox, each task. */
  async write(tx: Executor, userId: string, plan: ImportPlan, inboxId: string): Promise<ActivityEntry[]> {
    const created: ActivityEntry[] = [];
    const [last] = rowsOf<{ last: string | null }>(
      await tx.execute(sql`select max(p.position) as last from projects p
        join project_members m on m.project_id = p.id and m.user_id = ${userId} where not p.is_inbox`),
    );
    const newProjects = plan.projects.filter((project) => !project.isInbox).length;
    const projectKeys = generateNKeysBetween(last?.last ?? null, null, newProjects);
    for (const project of plan.projects) {
      let projectId = inboxId;
      if (!project.isInbox) {
        const [row] = await tx
          .insert(projects)
          .values({
            ownerId: userId,
            name: project.name,
            color: project.color,
            position: projectKeys.shift()!,
          })
          .returning({ id: projects.id });
        projectId = row!.id;
        await tx.insert(projectMembers).values({ projectId, userId, role: 'owner' });
        created.push({ action: 'project.created', projectId });
      }
      for (const taskId of await this.writeContents(tx, userId, projectId, project)) {
        created.push({ action: 'task.created', projectId, taskId });
      }
    }
    return created;
  }

  private async writeContents(
    tx: Executor,
    userId: string,
    projectId: string,
    project: PlannedProject,
  ): Promise<string[]> {
    const after = async (column: 'sections' | 'tasks') => {
      const query =
        column === 'sections'
          ? sql`select max(position) as last from sections where project_id = ${projectId}`
          : sql`select max(position) as last from tasks where project_id = ${projectId}
              and section_id is null and parent_id is null and deleted_at is null`;
      const [row] = rowsOf<{ last: string | null }>(await tx.execute(query));
      return row?.last ?? null;
    };
    const sectionIds = new Map(project.sections.map((section) => [section.key, randomUUID()]));
    if (project.sections.length > 0) {
      const keys = generateNKeysBetween(await after('sections'), null, project.sections.length);
      await tx.insert(sections).values(
        project.sections.map((section, index) => ({
          id: sectionIds.get(section.key)!,
          projectId,
          name: section.name,
          position: keys[index]!,
        })),
      );
    }
    const taskIds = new Map(project.tasks.map((task) => [task.key, randomUUID()]));
    const groups = new Map<string, number>();
    const groupOf = (task: { sectionKey: string | null; parentKey: string | null }) =>
      `${task.sectionKey ?? ''}\n${task.parentKey ?? ''}`;
    for (const task of project.tasks) groups.set(groupOf(task), (groups.get(groupOf(task)) ?? 0) + 1);
    const topLevel = groupOf({ sectionKey: null, parentKey: null });
    const keys = new Map<string, string[]>();
    for (const [group, count] of groups) {
      keys.set(group, generateNKeysBetween(group === topLevel ? await after('tasks') : null, null, count));
    }
    const rows = project.tasks.map((task) => ({
      id: taskIds.get(task.key)!,
      userId,
      createdBy: userId,
      projectId,
      sectionId: task.sectionKey === null ? null : sectionIds.get(task.sectionKey)!,
      parentId: task.parentKey === null ? null : taskIds.get(task.parentKey)!,
      position: keys.get(groupOf(task))!.shift()!,
      title: task.title,
      description: task.description,
      completed: task.completed,
      completedAt: task.completedAt,
      priority: task.priority,
      tags: task.tags,
      dueAt: task.dueAt,
      remindAt: task.remindAt,
      recurrence: task.recurrence,
      ...(task.createdAt ? { createdAt: task.createdAt } : {}),
    }));
    // Parents before their subtasks, so each chunk's references already exist.
    const parentOf = new Map(project.tasks.map((task) => [task.key, task.parentKey]));
    const depth = (key: string | null): number => {
      let level = 0;
      for (let at = key; at !== null; at = parentOf.get(at) ?? null) level += 1;
      return level;
    };
    const levels = project.tasks.map((task) => depth(task.parentKey));
    const ordered = rows
      .map((row, index) => ({ row, level: levels[index]! }))
      .sort((a, b) => a.level - b.level);
    for (let start = 0; start < ordered.length; start += CHUNK) {
      await tx.insert(tasks).values(ordered.slice(start, start + CHUNK).map(({ row }) => row));
    }
    // Every comment becomes the importing person's, keeping its time (so the thread keeps its order).
    const commentRows = project.tasks.flatMap((task) =>
      (task.comments ?? []).map((comment) => ({
        taskId: taskIds.get(task.key)!,
        authorId: userId,
        body: comment.body,
        ...(comment.createdAt ? { createdAt: comment.createdAt } : {}),
      })),
    );
    for (let start = 0; start < commentRows.length; start += CHUNK) {
      await tx.insert(comments).values(commentRows.slice(start, start + CHUNK));
    }
    return rows.map((row) => row.id);
  }
}
