import { Injectable } from '@nestjs/common';
import { Conflict, NotFound } from '../common/app-errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { hashSecretToken, newSecretToken } from '../common/secret-token.js';
import { DatabaseService } from '../database/database.service.js';
import { ActivityLog } from '../events/activity-log.js';
import { type RecordedEvent, TaskEventLog } from '../events/task-event-log.js';
import type { Project, ProjectPageQuery } from '../projects/dto/project.schemas.js';
import { ProjectAccess } from '../projects/project-access.js';
import { ProjectsService } from '../projects/projects.service.js';
import type {
  AcceptInvitationInput,
  CreatedInvitation,
  CreateInvitationInput,
  InvitationPage,
  InvitationPreview,
  Member,
  MemberPage,
  UpdateMemberInput,
} from './dto/sharing.schemas.js';
import { SharingRepository } from './sharing.repository.js';

const DAY_MS = 86_400_000;
const INVITATIONS_SORT = 'invitations';
const MEMBERS_SORT = 'members';
const isInstant = (key: string | null) => key !== null && !Number.isNaN(Date.parse(key));

/**
 * Invitations and members. Who may call what is ProjectAccess's decision, as everywhere: managing invitations and
 * roles needs `own`, reading members `read`; leaving needs only membership. A token is 256 random bits, handed out
 * once and kept only as its SHA-256.
 */
@Injectable()
export class SharingService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repository: SharingRepository,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsService,
    private readonly events: TaskEventLog,
    private readonly activity: ActivityLog,
  ) {}

  async createInvitation(
    userId: string,
    projectId: string,
    input: CreateInvitationInput,
  ): Promise<CreatedInvitation> {
    const project = await this.projects.get(userId, projectId);
    ProjectAccess.decide(project.role, 'own');
    if (project.isInbox) throw new Conflict('The Inbox cannot be shared.');
    const { token, hash } = newSecretToken('inv_');
    const invitation = await this.repository.insertInvitation(this.database.db, {
      projectId,
      role: input.role,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
      maxUses: input.maxUses,
      createdBy: userId,
    });
    return { ...invitation, token };
  }

  async listInvitations(userId: string, projectId: string, query: ProjectPageQuery): Promise<InvitationPage> {
    await this.access.require(userId, projectId, 'own');
    const cursor = query.cursor ? decodeCursor(query.cursor, INVITATIONS_SORT, isInstant) : undefined;
    const rows = await this.repository.listInvitations(
      projectId,
      query.limit + 1,
      cursor && { createdAt: cursor.k!, id: cursor.id },
    );
    return paged(rows, query.limit, (last) => ({ s: INVITATIONS_SORT, k: last.createdAt, id: last.id }));
  }

  async revokeInvitation(userId: string, projectId: string, invitationId: string): Promise<void> {
    await this.access.require(userId, projectId, 'own');
    if (!(await this.repository.revokeInvitation(projectId, invitationId))) throw new NotFound('Invitation');
  }

  /**
   * What an invitation link offers, for anyone holding it (signed in or not): the same 404 for every token that
   * could not be accepted by a newcomer, and nothing about any account (no email, no word on who has one).
   */
  async preview(token: string): Promise<InvitationPreview> {
    const preview = await this.repository.previewByTokenHash(hashSecretToken(token));
    if (!preview) throw new NotFound('Invitation');
    return preview;
  }

  /**
   * Unknown, revoked or expired tokens (or a trashed project) are 404, all alike. A member of the project gets the
   * project and nothing changes (no use is spent, the role stays), even once the token is used up; anyone else
   * joins with the invitation's role while uses remain (else 404).
   */
  async accept(userId: string, input: AcceptInvitationInput): Promise<Project> {
    const { projectId, events } = await this.database.db.transaction(async (tx) => {
      const invitation = await this.repository.lockByTokenHash(tx, hashSecretToken(input.token));
      if (!invitation?.usable) throw new NotFound('Invitation');
      if (invitation.isInbox) throw new Conflict('The Inbox cannot be shared.');
      const { projectId } = invitation;
      if (await this.repository.roleOf(tx, projectId, userId)) return { projectId, events: [] };
      if (invitation.usedUp) throw new NotFound('Invitation');
      await this.repository.join(tx, invitation.id, projectId, userId, invitation.role);
      await this.activity.record(tx, userId, [{ action: 'member.joined', projectId }]);
      const event = await this.events.recordProjectEvent(tx, userId, {
        type: 'member.added',
        projectId,
        subjectId: userId,
      });
      return { projectId, events: [event] };
    });
    await this.events.announce(events);
    return this.projects.get(userId, projectId);
  }

  async listMembers(userId: string, projectId: string, query: ProjectPageQuery): Promise<MemberPage> {
    await this.access.require(userId, projectId, 'read');
    const cursor = query.cursor ? decodeCursor(query.cursor, MEMBERS_SORT, isInstant) : undefined;
    const rows = await this.repository.listMembers(
      projectId,
      query.limit + 1,
      cursor && { joinedAt: cursor.k!, userId: cursor.id },
    );
    return paged(rows, query.limit, (last) => ({ s: MEMBERS_SORT, k: last.joinedAt, id: last.userId }));
  }

  /**
   * The owner gives a member another role (editor or viewer); the owner's own role cannot change (409). Live events
   * have no event of their own for it: a `project.updated` naming the member tells every member's board to refresh
   * the project (the member's own frame carries their new role).
   */
  async updateMember(
    userId: string,
    projectId: string,
    memberId: string,
    input: UpdateMemberInput,
  ): Promise<Member> {
    const { member, event } = await this.database.db.transaction(async (tx) => {
      await this.access.require(userId, projectId, 'own', { executor: tx });
      const member = await this.repository.findMember(tx, projectId, memberId);
      if (!member) throw new NotFound('Member');
      if (member.role === 'owner')
        throw new Conflict('A project keeps its owner; the owner’s role cannot change.');
      await this.repository.setRole(tx, projectId, memberId, input.role);
      if (member.role !== input.role) {
        const changes = { role: { from: member.role, to: input.role } };
        await this.activity.record(tx, userId, [{ action: 'member.role_changed', projectId, changes }]);
      }
      const event = await this.events.recordProjectEvent(tx, userId, {
        type: 'project.updated',
        projectId,
        subjectId: memberId,
      });
      return { member: { ...member, role: input.role }, event };
    });
    await this.events.announce([event]);
    return member;
  }

  /**
   * The owner removes a member, or a member leaves (themselves). The owner can do neither (409). The tasks assigned
   * to the member become unassigned in the same transaction; the next request of that person is 404.
   */
  async removeMember(userId: string, projectId: string, memberId: string): Promise<void> {
    const events = await this.database.db.transaction(async (tx) => {
      await this.access.require(userId, projectId, memberId === userId ? 'read' : 'own', { executor: tx });
      const member = await this.repository.findMember(tx, projectId, memberId);
      if (!member) throw new NotFound('Member');
      if (member.role === 'owner') {
        throw new Conflict('The owner cannot leave or be removed; delete the project instead.');
      }
      const unassigned = await this.repository.remove(tx, projectId, memberId);
      const action = memberId === userId ? 'member.left' : 'member.removed';
      await this.activity.record(tx, userId, [{ action, projectId }]);
      // First: the removed member's streams hear this, then nothing more of the project (not even the unassigning).
      const recorded: RecordedEvent[] = [
        await this.events.recordProjectEvent(tx, userId, {
          type: 'member.removed',
          projectId,
          subjectId: memberId,
        }),
      ];
      for (const taskId of unassigned)
        recorded.push(await this.events.record(tx, userId, 'task.updated', taskId));
      return recorded;
    });
    await this.events.announce(events);
  }
}

function paged<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => { s: string; k: string; id: string },
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
