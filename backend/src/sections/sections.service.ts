import { Injectable } from '@nestjs/common';
import { Conflict, NotFound } from '../common/app-errors.js';
import { keyAfter } from '../common/order-keys.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { ActivityLog, changesBetween } from '../events/activity-log.js';
import { TaskEventLog } from '../events/task-event-log.js';
import { type ProjectNeed, ProjectAccess } from '../projects/project-access.js';
import type { CreateSectionInput, Section, SectionPage, UpdateSectionInput } from './dto/section.schemas.js';
import { SectionsRepository } from './sections.repository.js';

/** A project's sections come in one page; a project holds at most this many. */
export const MAX_SECTIONS = 500;

@Injectable()
export class SectionsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: SectionsRepository,
    private readonly access: ProjectAccess,
    private readonly events: TaskEventLog,
    private readonly activity: ActivityLog,
  ) {}

  async list(userId: string, projectId: string): Promise<SectionPage> {
    await this.access.require(userId, projectId, 'read');
    return { items: await this.repository.listOf(projectId, MAX_SECTIONS), nextCursor: null };
  }

  async create(userId: string, projectId: string, input: CreateSectionInput): Promise<Section> {
    return this.database.db.transaction(async (tx) => {
      await this.access.require(userId, projectId, 'write', { executor: tx });
      const { count, last } = await this.repository.countAndLast(tx, projectId);
      if (count >= MAX_SECTIONS) throw new Conflict(`A project holds at most ${MAX_SECTIONS} sections.`);
      const section = await this.repository.insert(tx, {
        projectId,
        name: input.name,
        position: keyAfter(last),
      });
      await this.activity.record(tx, userId, [{ action: 'section.created', projectId }]);
      return section;
    });
  }

  find(id: string, executor?: Executor): Promise<Section | undefined> {
    return this.repository.find(id, executor);
  }

  /** A section the caller may use as `need` says: one of a project they are not a member of is 404. */
  async require(userId: string, id: string, need: ProjectNeed, executor?: Executor): Promise<Section> {
    const section = await this.repository.find(id, executor);
    if (!section) throw new NotFound('Section');
    await this.access.require(userId, section.projectId, need, { executor, what: 'Section' });
    return section;
  }

  async update(userId: string, id: string, input: UpdateSectionInput): Promise<Section> {
    return this.database.db.transaction(async (tx) => {
      const current = await this.require(userId, id, 'write', tx);
      const changes = changesBetween(current, input, ['name', 'position']);
      if (Object.keys(changes).length > 0) {
        await this.activity.record(tx, userId, [
          { action: 'section.updated', projectId: current.projectId, changes },
        ]);
      }
      return this.repository.update(tx, id, input);
    });
  }

  async delete(userId: string, id: string): Promise<void> {
    const events = await this.database.db.transaction(async (tx) => {
      const section = await this.require(userId, id, 'write', tx);
      const taskIds = await this.repository.delete(tx, id);
      await this.activity.record(tx, userId, [{ action: 'section.deleted', projectId: section.projectId }]);
      const recorded = [];
      for (const taskId of taskIds)
        recorded.push(await this.events.record(tx, userId, 'task.updated', taskId));
      return recorded;
    });
    await this.events.announce(events);
  }
}
