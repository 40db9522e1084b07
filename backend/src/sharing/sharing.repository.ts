import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { parseTimestamptz } from '../database/schema/columns.js';
import type { ProjectRole } from '../projects/project-access.js';
import type { Invitation, InvitationPreview, Member } from './dto/sharing.schemas.js';

interface InvitationRow {
  id: string;
  project_id: string;
  role: Invitation['role'];
  expires_at: string;
  max_uses: number;
  uses: number;
  created_at: string;
  revoked_at: string | null;
}

interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: ProjectRole;
  joined_at: string;
}

/** An invitation found by its token, locked, with what accepting it needs to know about its project. */
export interface InvitationByToken {
  id: string;
  projectId: string;
  role: Invitation['role'];
  usable: boolean;
  usedUp: boolean;
  isInbox: boolean;
}

const iso = (text: string) => parseTimestamptz(text).toISOString();

export const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  role: row.role,
  expiresAt: iso(row.expires_at),
  maxUses: row.max_uses,
  uses: row.uses,
  createdAt: iso(row.created_at),
});

const toMember = (row: MemberRow): Member => ({
  userId: row.user_id,
  name: row.name,
  email: row.email,
  role: row.role,
  joinedAt: iso(row.joined_at),
});

/** Invitations and memberships of projects; who may call what is decided by SharingService via ProjectAccess. */
@Injectable()
export class SharingRepository {
  constructor(private readonly database: DatabaseService) {}

  private async rows<T>(executor: Executor, query: SQL): Promise<T[]> {
    return rowsOf<T>(await executor.execute(query));
  }

  async insertInvitation(
    tx: Executor,
    values: {
      projectId: string;
      role: Invitation['role'];
      tokenHash: string;
      expiresAt: Date;
      maxUses: number;
      createdBy: string;
    },
  ): Promise<Invitation> {
    const [row] = await this.rows<InvitationRow>(
      tx,
      sql`insert into project_invitations (project_id, role, token_hash, expires_at, max_uses, created_by)
        values (${values.projectId}, ${values.role}, ${values.tokenHash}, ${values.expiresAt.toISOString()}::timestamptz,
          ${values.maxUses}, ${values.createdBy}) returning *`,
    );
    return toInvitation(row!);
  }

  /** A project's invitations that are not revoked, newest first; `after` is the last row's (createdAt, id). */
  async listInvitations(
    projectId: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<Invitation[]> {
    const keyset = after
      ? sql`and (created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const rows = await this.rows<InvitationRow>(
      this.database.db,
      sql`select * from project_invitations where project_id = ${projectId} and revoked_at is null ${keyset}
        order by created_at desc, id desc limit ${limit}`,
    );
    return rows.map(toInvitation);
  }

  /** Revokes an open invitation of the project; false when there is none by that id. */
  async revokeInvitation(projectId: string, id: string): Promise<boolean> {
    const rows = await this.rows<{ id: string }>(
      this.database.db,
      sql`update project_invitations set revoked_at = now()
        where id = ${id} and project_id = ${projectId} and revoked_at is null returning id`,
    );
    return rows.length > 0;
  }

  /**
   * What a live invitation says about itself (not revoked, not expired, uses left, its project not in the trash);
   * undefined for any other token, all alike.
   */
  async previewByTokenHash(tokenHash: string): Promise<InvitationPreview | undefined> {
    const [row] = await this.rows<{
      project_name: string;
      role: Invitation['role'];
      invited_by: string;
      expires_at: string;
    }>(
      this.database.db,
      // Only owners invite; should the one who made it be gone, the project's owner stands for them.
      sql`select p.name as project_name, i.role, coalesce(u.name, o.name) as invited_by, i.expires_at
        from project_invitations i join projects p on p.id = i.project_id
          left join users u on u.id = i.created_by join users o on o.id = p.owner_id
        where i.token_hash = ${tokenHash} and i.revoked_at is null and i.expires_at > now() and i.uses < i.max_uses
          and p.deleted_at is null`,
    );
    return (
      row && {
        projectName: row.project_name,
        role: row.role,
        invitedBy: row.invited_by,
        expiresAt: iso(row.expires_at),
      }
    );
  }

  async lockByTokenHash(tx: Executor, tokenHash: string): Promise<InvitationByToken | undefined> {
    const [row] = await this.rows<{
      id: string;
      project_id: string;
      role: Invitation['role'];
      usable: boolean;
      used_up: boolean;
      is_inbox: boolean;
    }>(
      tx,
      sql`select i.id, i.project_id, i.role, p.is_inbox,
          i.revoked_at is null and i.expires_at > now() and p.deleted_at is null as usable,
          i.uses >= i.max_uses as used_up
        from project_invitations i join projects p on p.id = i.project_id
        where i.token_hash = ${tokenHash} for update of i`,
    );
    return (
      row && {
        id: row.id,
        projectId: row.project_id,
        role: row.role,
        usable: row.usable,
        usedUp: row.used_up,
        isInbox: row.is_inbox,
      }
    );
  }

  async join(tx: Executor, invitationId: string, projectId: string, userId: string, role: ProjectRole) {
    await tx.execute(
      sql`insert into project_members (project_id, user_id, role) values (${projectId}, ${userId}, ${role})`,
    );
    await tx.execute(sql`update project_invitations set uses = uses + 1 where id = ${invitationId}`);
  }

  async roleOf(executor: Executor, projectId: string, userId: string): Promise<ProjectRole | undefined> {
    const [row] = await this.rows<{ role: ProjectRole }>(
      executor,
      sql`select role from project_members where project_id = ${projectId} and user_id = ${userId}`,
    );
    return row?.role;
  }

  /** Members in the order they joined; `after` is the last row's (joinedAt, userId). */
  async listMembers(
    projectId: string,
    limit: number,
    after?: { joinedAt: string; userId: string },
  ): Promise<Member[]> {
    const keyset = after
      ? sql`and (m.joined_at, m.user_id) > (${after.joinedAt}::timestamptz, ${after.userId}::uuid)`
      : sql``;
    const rows = await this.rows<MemberRow>(
      this.database.db,
      sql`select m.user_id, u.name, u.email, m.role, m.joined_at from project_members m
        join users u on u.id = m.user_id where m.project_id = ${projectId} ${keyset}
        order by m.joined_at, m.user_id limit ${limit}`,
    );
    return rows.map(toMember);
  }

  async findMember(executor: Executor, projectId: string, userId: string): Promise<Member | undefined> {
    const [row] = await this.rows<MemberRow>(
      executor,
      sql`select m.user_id, u.name, u.email, m.role, m.joined_at from project_members m
        join users u on u.id = m.user_id where m.project_id = ${projectId} and m.user_id = ${userId} for update of m`,
    );
    return row && toMember(row);
  }

  async setRole(tx: Executor, projectId: string, userId: string, role: ProjectRole): Promise<void> {
    await tx.execute(
      sql`update project_members set role = ${role} where project_id = ${projectId} and user_id = ${userId}`,
    );
  }

  /**
   * Ends a membership; the live tasks of the project assigned to that person become unassigned (on the assignee
   * index; a trashed task keeps its assignee until it comes back). Returns those tasks.
   */
  async remove(tx: Executor, projectId: string, userId: string): Promise<string[]> {
    await tx.execute(
      sql`delete from project_members where project_id = ${projectId} and user_id = ${userId}`,
    );
    const rows = await this.rows<{ id: string }>(
      tx,
      sql`update tasks set assignee_id = null, updated_at = now(), version = version + 1
        where assignee_id = ${userId} and deleted_at is null and project_id = ${projectId} returning id`,
    );
    return rows.map((row) => row.id);
  }
}
