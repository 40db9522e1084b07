import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { ProjectPageQuery } from '../projects/dto/project.schemas.js';
import { ProjectAccess } from '../projects/project-access.js';
import { ActivityRepository } from './activity.repository.js';
import type { ActivityPage } from './dto/activity.schemas.js';

const SORT = 'activity:-seq';
const isSeq = (key: string | null) => key !== null && /^\d{1,18}$/.test(key);

@Injectable()
export class ActivityService {
  constructor(
    private readonly repository: ActivityRepository,
    private readonly access: ProjectAccess,
  ) {}

  /** Any member reads it (a viewer too); not a member is 404. */
  async list(userId: string, projectId: string, query: ProjectPageQuery): Promise<ActivityPage> {
    await this.access.require(userId, projectId, 'read');
    const cursor = query.cursor ? decodeCursor(query.cursor, SORT, isSeq) : undefined;
    const rows = await this.repository.listPage(projectId, query.limit + 1, cursor?.k ?? undefined);
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    return {
      items: shown.map((row) => row.entry),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ s: SORT, k: last.seq, id: last.entry.id }) : null,
    };
  }
}
