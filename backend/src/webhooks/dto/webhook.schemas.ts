import { z } from 'zod';
import type { webhookDeliveries, webhooks } from '../../database/schema/index.js';
import type { LiveEventType } from '../../events/task-event-log.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';
import { pageSchema } from '../../common/page.js';
import { taskSchema } from '../../tasks/dto/task.schemas.js';

/** The live event names a webhook may subscribe to: every type the event log records. */
export const WEBHOOK_EVENTS = [
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
  'project.updated',
  'project.deleted',
  'member.added',
  'member.removed',
  'comment.created',
] as const satisfies readonly LiveEventType[];
// Fails to compile when the log gains a type this list lacks.
type Unlisted = Exclude<LiveEventType, (typeof WEBHOOK_EVENTS)[number]>;
export const everyLiveEventListed: [Unlisted] extends [never] ? true : never = true;
/** The message `POST /webhooks/{id}/test` sends; never subscribed to. */
export const TEST_EVENT = 'webhook.test';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export const createWebhookSchema = z
  .object({
    url: z
      .url({ protocol: /^https$/, error: 'must be an https:// URL' })
      .max(MAX_WEBHOOK_URL_LENGTH)
      .describe('Where deliveries are POSTed: an https URL on a public address.'),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
      .min(1)
      .max(WEBHOOK_EVENTS.length)
      .refine((events) => new Set(events).size === events.length, 'must not repeat an event')
      .describe('The events to deliver.'),
    projectId: z
      .uuid()
      .optional()
      .describe('Only this project’s events (you must be a member); omitted, every project of yours.'),
  })
  .strict();
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
requestSchemas.add(createWebhookSchema, {
  id: 'CreateWebhookRequest',
  examples: [{ url: 'https://hooks.example.com/todo', events: ['task.created', 'task.updated'] }],
});

const exampleWebhook = {
  id: '7d4c2b1a-9e8f-4a6b-8c5d-3e2f1a0b9c8d',
  url: 'https://hooks.example.com/todo',
  events: ['task.created', 'task.updated'],
  projectId: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  previousSecretExpiresAt: null,
  disabledAt: null,
  disabledReason: null,
};

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.url().max(MAX_WEBHOOK_URL_LENGTH),
    events: z.array(z.enum(WEBHOOK_EVENTS)).max(WEBHOOK_EVENTS.length),
    projectId: z
      .uuid()
      .nullable()
      .describe('The one project whose events are delivered; null: all of yours.'),
    createdAt: z.iso.datetime(),
    previousSecretExpiresAt: z.iso
      .datetime()
      .nullable()
      .describe('After a rotation: until when deliveries are signed with the previous secret as well.'),
    disabledAt: z.iso
      .datetime()
      .nullable()
      .describe('When deliveries stopped after failing for a day; null: active.'),
    disabledReason: z.string().max(500).nullable().describe('Why the webhook was disabled.'),
  })
  .strict();
export type Webhook = z.infer<typeof webhookSchema>;
responseSchemas.add(webhookSchema, {
  id: 'Webhook',
  description: 'A webhook, without its secret.',
  examples: [exampleWebhook],
});

const secret = z
  .string()
  .length(50)
  .regex(/^whsec_[A-Za-z0-9+/]{43}=$/)
  .describe('The signing secret (Standard Webhooks). Shown only in this response.');

export const createdWebhookSchema = webhookSchema.extend({ secret }).strict();
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;
const exampleSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/d5XLSdp7V8=';
responseSchemas.add(createdWebhookSchema, {
  id: 'CreatedWebhook',
  description: 'A new webhook with its signing secret.',
  examples: [{ ...exampleWebhook, secret: exampleSecret }],
});

export const rotatedWebhookSchema = webhookSchema.extend({ secret }).strict();
responseSchemas.add(rotatedWebhookSchema, {
  id: 'RotatedWebhook',
  description:
    'The webhook with its new signing secret; the previous one still signs until previousSecretExpiresAt.',
  examples: [
    { ...exampleWebhook, secret: exampleSecret, previousSecretExpiresAt: '2026-12-08T10:00:00.000Z' },
  ],
});

export const webhookListSchema = z.object({ items: z.array(webhookSchema).max(100) }).strict();
responseSchemas.add(webhookListSchema, {
  id: 'WebhookList',
  description: 'Your webhooks, newest first.',
  examples: [{ items: [exampleWebhook] }],
});

const exampleDelivery = {
  id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  event: 'task.created',
  status: 'delivered',
  attempts: 1,
  createdAt: '2026-12-07T10:00:01.000Z',
  lastAttemptAt: '2026-12-07T10:00:01.000Z',
  responseStatus: 204,
  error: null,
};

export const deliverySchema = z
  .object({
    id: z.uuid().describe('The `webhook-id` header: the same on every retry of this message.'),
    event: z.string().max(50).describe('The event type (`webhook.test` for a test message).'),
    status: z
      .enum(['pending', 'delivered', 'failed'])
      .describe('pending: not yet answered with a 2xx (retrying); delivered; failed: given up after a day.'),
    attempts: z.number().int().min(0),
    createdAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime().nullable(),
    responseStatus: z
      .number()
      .int()
      .nullable()
      .describe('The HTTP status of the last answer; null without one.'),
    error: z
      .string()
      .max(500)
      .nullable()
      .describe('Why the last attempt failed without an answer, if it did.'),
  })
  .strict();
export type Delivery = z.infer<typeof deliverySchema>;
responseSchemas.add(deliverySchema, {
  id: 'WebhookDelivery',
  description: 'One message to a webhook and how its delivery went.',
  examples: [exampleDelivery],
});

export const deliveryPageSchema = pageSchema(deliverySchema);
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;
responseSchemas.add(deliveryPageSchema, {
  id: 'WebhookDeliveryPage',
  description: 'One page of a webhook’s deliveries, newest first.',
  examples: [{ items: [exampleDelivery], nextCursor: null }],
});

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events as Webhook['events'],
  projectId: row.projectId,
  createdAt: row.createdAt.toISOString(),
  previousSecretExpiresAt:
    row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
      ? row.previousSecretExpiresAt.toISOString()
      : null,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  disabledReason: row.disabledReason,
});

export const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.createdAt.toISOString(),
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  responseStatus: row.responseStatus,
  error: row.lastError,
});

/* The messages (OpenAPI `webhooks`): what a receiver gets in the body of each delivery. */
const timestamp = z.iso
  .datetime()
  .describe('When the change was made (the event’s time; the same on every retry).');

export const taskWebhookMessageSchema = z
  .object({
    type: z.enum(['task.created', 'task.updated', 'task.deleted', 'task.restored']),
    timestamp,
    data: taskSchema
      .or(z.object({ id: z.uuid(), projectId: z.uuid().nullable() }).strict())
      .describe(
        'The task as it was when the message was made (with its projectId); only its ids once it is erased.',
      ),
  })
  .strict();
responseSchemas.add(taskWebhookMessageSchema, {
  id: 'TaskWebhookMessage',
  description: 'A task was created, changed, trashed or restored.',
});

export const projectWebhookMessageSchema = z
  .object({
    type: z.enum(['project.updated', 'project.deleted', 'member.added', 'member.removed', 'comment.created']),
    timestamp,
    data: z
      .object({
        projectId: z.uuid(),
        taskId: z.uuid().nullable().describe('The task concerned (comments).'),
        subjectId: z
          .uuid()
          .nullable()
          .describe('The member (member.*) or comment (comment.created) concerned.'),
        actorId: z.uuid().describe('Who made the change.'),
      })
      .strict(),
  })
  .strict();
responseSchemas.add(projectWebhookMessageSchema, {
  id: 'ProjectWebhookMessage',
  description: 'A project changed, a member joined or left, or a comment was written.',
});

export const testWebhookMessageSchema = z
  .object({
    type: z.literal(TEST_EVENT),
    timestamp,
    data: z.object({ webhookId: z.uuid() }).strict(),
  })
  .strict();
responseSchemas.add(testWebhookMessageSchema, {
  id: 'TestWebhookMessage',
  description: 'Sent by `POST /api/v1/webhooks/{id}/test`.',
});
