import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditColumns, orderKey, timestamptz, timestamptzNow, versionColumn } from './columns.js';
import { users } from './users.js';

export const PROJECT_COLORS = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'violet',
  'pink',
  'grey',
] as const;
export const PROJECT_ROLES = ['owner', 'editor', 'viewer'] as const;

export const projectColor = pgEnum('project_color', PROJECT_COLORS);
export const projectRole = pgEnum('project_role', PROJECT_ROLES);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    color: projectColor('color'),
    isInbox: boolean('is_inbox').notNull().default(false),
    position: orderKey('position').notNull(),
    deletedAt: timestamptz('deleted_at'),
    ...auditColumns,
    ...versionColumn,
  },
  (table) => [
    // Exactly one Inbox per person: todo_inbox_of() relies on it when two first writes race.
    uniqueIndex('projects_one_inbox_idx')
      .on(table.ownerId)
      .where(sql`${table.isInbox}`),
    index('projects_owner_trash_idx')
      .on(table.ownerId, table.deletedAt, table.id)
      .where(sql`${table.deletedAt} is not null`),
  ],
);

/** Who may use a project and how. Only owners exist until sharing ships; access goes through ProjectAccess. */
export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: projectRole('role').notNull(),
    joinedAt: timestamptzNow('joined_at'),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.userId] }),
    index('project_members_user_idx').on(table.userId, table.projectId),
  ],
);

export const sections = pgTable(
  'sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: orderKey('position').notNull(),
    ...auditColumns,
  },
  (table) => [index('sections_project_position_idx').on(table.projectId, table.position, table.id)],
);

/**
 * A link that lets whoever holds it join a project with a role. Only the SHA-256 of its token is kept: the token is
 * shown once, to the owner who creates it. Usable while not revoked, not expired and `uses < max_uses`.
 */
export const projectInvitations = pgTable(
  'project_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    role: projectRole('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    maxUses: integer('max_uses').notNull().default(1),
    uses: integer('uses').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptzNow('created_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [
    uniqueIndex('project_invitations_token_hash_idx').on(table.tokenHash),
    index('project_invitations_project_idx').on(table.projectId, table.createdAt, table.id),
  ],
);
