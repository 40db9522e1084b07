import { Injectable, Logger } from '@nestjs/common';
import { ValidationFailed } from '../common/app-errors.js';
import { validate } from '../common/validate.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { ActivityLog } from '../events/activity-log.js';
import { type RecordedEvent, TaskEventLog } from '../events/task-event-log.js';
import { IdempotencyStore, isUniqueViolation } from '../idempotency/idempotency.store.js';
import { ProjectAccess } from '../projects/project-access.js';
import { QuotaExceeded } from '../throttling/quotas.js';
import {
  EXPORT_VERSION,
  type Export,
  importDocumentSchema,
  type ImportQuery,
  type ImportResult,
} from './dto/portability.schemas.js';
import { documentPlan } from './import-document.js';
import { countsOf, type ImportPlan } from './import-plan.js';
import { PortabilityRepository } from './portability.repository.js';
import { todoistProject } from './todoist-csv.js';

export const DEFAULT_CSV_PROJECT = 'Imported from Todoist';

/** What was uploaded: a parsed JSON body (an object) or a CSV text. */
export type ImportUpload = unknown;

@Injectable()
export class PortabilityService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly database: DatabaseService,
    private readonly repository: PortabilityRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly access: ProjectAccess,
    private readonly config: AppConfig,
    private readonly activity: ActivityLog,
    private readonly events: TaskEventLog,
  ) {}

  async export(userId: string): Promise<Export> {
    return {
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      projects: await this.repository.exportOwned(userId),
    };
  }

  /**
   * All or nothing, in one transaction; with an Idempotency-Key the first response is stored in that transaction
   * and replayed to a retry with the same upload (the same key with another upload is 422). A dry run only checks.
   */
  async import(
    userId: string,
    upload: ImportUpload,
    query: ImportQuery,
    idempotencyKey?: string,
  ): Promise<{ status: number; result: ImportResult }> {
    const plan = this.planOf(upload, query);
    const counts = countsOf(plan);
    if (query.dryRun) return { status: 200, result: { ...counts, dryRun: true } };
    const fingerprint = IdempotencyStore.fingerprint({ import: upload, name: query.name ?? null });
    if (idempotencyKey) {
      const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
      if (stored) return { status: stored.status, result: stored.body as ImportResult };
    }
    await this.assertRoom(userId, counts.tasks);
    // Before the transaction, as task creation does: PGlite's one connection is not asked twice at once.
    const inboxId = await this.access.inboxOf(userId);
    const result: ImportResult = { ...counts, dryRun: false };
    try {
      const joined = await this.database.db.transaction(async (tx) => {
        const written = await this.repository.write(tx, userId, plan, inboxId);
        await this.activity.record(tx, userId, written);
        // Like a project made by hand: the owner's open streams carry each new project's events from here on.
        const events: RecordedEvent[] = [];
        for (const { action, projectId } of written) {
          if (action !== 'project.created' || !projectId) continue;
          events.push(
            await this.events.recordProjectEvent(tx, userId, {
              type: 'member.added',
              projectId,
              subjectId: userId,
            }),
          );
        }
        if (idempotencyKey) {
          await this.idempotency.save(tx, userId, idempotencyKey, fingerprint, {
            status: 201,
            body: result,
            location: null,
          });
        }
        return events;
      });
      await this.events.announce(joined);
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const stored = await this.idempotency.replay(userId, idempotencyKey, fingerprint);
        if (stored) return { status: stored.status, result: stored.body as ImportResult };
      }
      throw error;
    }
    this.audit.log({ event: 'import.done', userId, ...counts });
    return { status: 201, result };
  }

  private planOf(upload: ImportUpload, query: ImportQuery): ImportPlan {
    if (typeof upload === 'string') {
      return { projects: [todoistProject(upload, query.name ?? DEFAULT_CSV_PROJECT, new Date())] };
    }
    if (query.name !== undefined) {
      throw new ValidationFailed([
        { path: 'name', message: 'is only for a CSV upload; JSON names its projects' },
      ]);
    }
    return documentPlan(validate(importDocumentSchema, upload), new Date());
  }

  /** MAX_TASKS_PER_USER holds for imports too, counted exactly (an import is rare and may be large). */
  private async assertRoom(userId: string, adding: number): Promise<void> {
    const limit = this.config.env.MAX_TASKS_PER_USER;
    if ((await this.repository.taskCount(userId)) + adding > limit) {
      throw new QuotaExceeded(
        'tasks',
        limit,
        `This import adds ${adding}; delete tasks and erase them from the trash to make room.`,
      );
    }
  }
}
