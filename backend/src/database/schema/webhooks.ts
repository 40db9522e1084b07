import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, timestamptzNow } from './columns.js';
import { projects } from './projects.js';
import { taskEvents } from './task-events.js';
import { users } from './users.js';

/**
 * Webhook subscriptions. The signing secret has to be kept to sign with, so it is stored sealed (AES-256-GCM under a
 * key derived from JWT_SECRET, webhooks/webhook-secrets.ts), never in clear. During a rotation the previous secret
 * signs too, until `previousSecretExpiresAt`. `disabledAt`/`disabledReason`: set after a delivery failed for a day.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    sealedSecret: text('sealed_secret').notNull(),
    previousSealedSecret: text('previous_sealed_secret'),
    previousSecretExpiresAt: timestamptz('previous_secret_expires_at'),
    disabledAt: timestamptz('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [index('webhooks_user_idx').on(table.userId, table.createdAt)],
);

/**
 * One message to one webhook: its id is the `webhook-id` header, so every retry of it carries the same id and the
 * same bytes (`payload`, built when the event was fanned out). `seq` is the order deliveries were made in, which is
 * the order each (webhook, project) receives them in.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    // The task_events row it came from; null for test messages. No foreign key: the log is pruned, deliveries stay.
    eventId: bigint('event_id', { mode: 'number' }),
    projectId: uuid('project_id'),
    event: text('event').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptzNow('next_attempt_at'),
    lastAttemptAt: timestamptz('last_attempt_at'),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_event_key').on(table.webhookId, table.eventId),
    index('webhook_deliveries_list_idx').on(table.webhookId, table.seq),
    index('webhook_deliveries_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_order_idx')
      .on(table.webhookId, table.projectId, table.seq)
      .where(sql`status = 'pending'`),
  ],
);

/**
 * The events of the log already fanned out into deliveries. A mark per event instead of a cursor: a transaction
 * may commit an event whose id is lower than one already fanned out, and an unmarked event is simply picked up by
 * the next pass. The marks go with their events when housekeeping prunes the log.
 */
export const webhookFanouts = pgTable('webhook_fanouts', {
  eventId: bigint('event_id', { mode: 'number' })
    .primaryKey()
    .references(() => taskEvents.id, { onDelete: 'cascade' }),
});
