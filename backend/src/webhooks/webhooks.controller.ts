import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { NoStore } from '../caching/http-caching.decorators.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { type PageQuery, pageQuerySchema, taskIdSchema } from '../tasks/dto/task.schemas.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type CreatedWebhook,
  createdWebhookSchema,
  type CreateWebhookInput,
  createWebhookSchema,
  type Delivery,
  deliveryPageSchema,
  deliverySchema,
  type DeliveryPage,
  rotatedWebhookSchema,
  type Webhook,
  webhookListSchema,
  webhookSchema,
} from './dto/webhook.schemas.js';
import { WebhooksService } from './webhooks.service.js';
import './webhook-openapi.js'; // describes the messages in the OpenAPI document's `webhooks`

const idParam = new ZodValidationPipe(taskIdSchema, 'id');

@Controller('webhooks')
@NoStore()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createWebhook',
    tag: 'Webhooks',
    summary: 'Create a webhook',
    description:
      'Subscribes an https URL to live events across your projects, or the one `projectId`. Deliveries follow ' +
      'Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` under ' +
      'the `secret`, which is in this response only), at least once, in commit order per project, retried with ' +
      'back-off for about a day; then the webhook is disabled with the reason. Private and loopback addresses are ' +
      'refused unless the operator allows them. See the `webhooks` section for the payloads. Needs `tasks:write`; ' +
      'at most MAX_WEBHOOKS_PER_USER (409 beyond).',
    body: createWebhookSchema,
    responses: {
      201: { description: 'The webhook, with its signing secret.', schema: createdWebhookSchema },
    },
    errors: [400, 401, 403, 404, 409, 413, 415, 429],
  })
  createWebhook(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(createWebhookSchema)) body: CreateWebhookInput,
  ): Promise<CreatedWebhook> {
    return this.webhooks.create(user.userId, body);
  }

  @Get()
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listWebhooks',
    tag: 'Webhooks',
    summary: 'List webhooks',
    description: 'Lists your webhooks, newest first, without their secrets. Needs `tasks:read`.',
    responses: { 200: { description: 'Your webhooks.', schema: webhookListSchema } },
    errors: [401, 403],
  })
  listWebhooks(@CurrentUser() user: Principal): Promise<{ items: Webhook[] }> {
    return this.webhooks.list(user.userId);
  }

  @Get(':id')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'getWebhook',
    tag: 'Webhooks',
    summary: 'Get a webhook',
    description: 'One of your webhooks, with why it was disabled if it was. Needs `tasks:read`.',
    pathParams: { id: 'The webhook id (UUID).' },
    responses: { 200: { description: 'The webhook.', schema: webhookSchema } },
    errors: [400, 401, 403, 404],
  })
  getWebhook(@CurrentUser() user: Principal, @Param('id', idParam) id: string): Promise<Webhook> {
    return this.webhooks.get(user.userId, id);
  }

  @Delete(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'deleteWebhook',
    tag: 'Webhooks',
    summary: 'Delete a webhook',
    description: 'Deletes the webhook and its delivery log; nothing more is sent. Needs `tasks:write`.',
    pathParams: { id: 'The webhook id (UUID).' },
    responses: { 204: { description: 'The webhook is deleted.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async deleteWebhook(@CurrentUser() user: Principal, @Param('id', idParam) id: string): Promise<void> {
    await this.webhooks.delete(user.userId, id);
  }

  @Post(':id/rotate')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'rotateWebhookSecret',
    tag: 'Webhooks',
    summary: 'Rotate a webhook’s secret',
    description:
      'Makes a new signing secret (in this response only). For 24 hours every delivery carries two signatures, ' +
      'one under each secret, so the receiver can switch over without missing a message. Needs `tasks:write`.',
    pathParams: { id: 'The webhook id (UUID).' },
    responses: { 200: { description: 'The webhook with its new secret.', schema: rotatedWebhookSchema } },
    errors: [400, 401, 403, 404, 429],
  })
  rotateWebhookSecret(
    @CurrentUser() user: Principal,
    @Param('id', idParam) id: string,
  ): Promise<CreatedWebhook> {
    return this.webhooks.rotate(user.userId, id);
  }

  @Post(':id/test')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(202)
  @ApiEndpoint({
    operationId: 'createWebhookTest',
    tag: 'Webhooks',
    summary: 'Send a test message',
    description:
      'Queues a `webhook.test` message to the webhook, signed and retried like any delivery; follow it in the ' +
      'delivery log. Needs `tasks:write`.',
    pathParams: { id: 'The webhook id (UUID).' },
    responses: { 202: { description: 'The queued delivery.', schema: deliverySchema } },
    errors: [400, 401, 403, 404, 429],
  })
  createWebhookTest(@CurrentUser() user: Principal, @Param('id', idParam) id: string): Promise<Delivery> {
    return this.webhooks.test(user.userId, id);
  }

  @Get(':id/deliveries')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listWebhookDeliveries',
    tag: 'Webhooks',
    summary: 'List a webhook’s deliveries',
    description:
      'The delivery log, newest first: each message’s `webhook-id`, event, status, attempts so far, last attempt ' +
      'and the status the receiver answered. Kept 30 days. Needs `tasks:read`.',
    pathParams: { id: 'The webhook id (UUID).' },
    query: pageQuerySchema,
    responses: { 200: { description: 'One page of deliveries.', schema: deliveryPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listWebhookDeliveries(
    @CurrentUser() user: Principal,
    @Param('id', idParam) id: string,
    @Query(new ZodValidationPipe(pageQuerySchema)) query: PageQuery,
  ): Promise<DeliveryPage> {
    return this.webhooks.deliveries(user.userId, id, query);
  }
}
