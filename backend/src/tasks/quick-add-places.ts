import { Injectable } from '@nestjs/common';
import { type QuickAddPlace } from '@todo/quick-add';
import { resolvePlace } from '@todo/quick-add/places';
import { sql } from 'drizzle-orm';
import { DatabaseService, rowsOf } from '../database/database.service.js';

export interface PlaceIds {
  projectId?: string;
  sectionId?: string;
}

/**
 * Quick add's `+Project` and `/Section`, resolved by the web app's rules (@todo/quick-add/places) among the
 * projects the person belongs to. A name that matches nothing gives null: the caller then keeps the words in the
 * title, as before quick add knew places (an agent's "Clean /tmp" stays that).
 */
@Injectable()
export class QuickAddPlaces {
  constructor(private readonly database: DatabaseService) {}

  async resolve(userId: string, place: QuickAddPlace): Promise<PlaceIds | null> {
    const projects = rowsOf<{ id: string; name: string; isInbox: boolean }>(
      await this.database.db.execute(sql`select p.id, p.name, p.is_inbox as "isInbox"
        from projects p join project_members m on m.project_id = p.id
        where m.user_id = ${userId} and p.deleted_at is null order by p.is_inbox desc, p.position, p.id`),
    );
    const sectionsOf = async (projectId: string) =>
      rowsOf<{ id: string; name: string }>(
        await this.database.db.execute(
          sql`select id, name from sections where project_id = ${projectId} order by position, id`,
        ),
      );
    const resolved = await resolvePlace(place, projects, sectionsOf);
    return resolved.ok ? { projectId: resolved.projectId, sectionId: resolved.sectionId } : null;
  }
}
