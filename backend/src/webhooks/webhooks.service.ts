import { Injectable, Logger } from '@nestjs/common';
import { NotFound, ValidationFailed } from '../common/app-errors.js';
import { refersToPrivateAddress } from '../common/public-address.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppConfig } from '../config/app-config.js';
import { ProjectAccess } from '../projects/project-access.js';
import type { PageQuery } from '../tasks/dto/task.schemas.js';
import { QuotaExceeded } from '../throttling/quotas.js';
import {
  type CreatedWebhook,
  type CreateWebhookInput,
  type Delivery,
  type DeliveryPage,
  TEST_EVENT,
  toDelivery,
  toWebhook,
  type Webhook,
  type WebhookRow,
} from './dto/webhook.schemas.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { newWebhookSecret, WebhookSecretBox } from './webhook-secrets.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** How long the previous secret keeps signing after a rotation: receivers switch over within it. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const DELIVERY_SORT = 'seq';

@Injectable()
export class WebhooksService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly access: ProjectAccess,
    private readonly config: AppConfig,
    private readonly box: WebhookSecretBox,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async create(userId: string, input: CreateWebhookInput): Promise<CreatedWebhook> {
    if (input.projectId) await this.access.require(userId, input.projectId, 'read');
    if (!this.config.env.WEBHOOK_ALLOW_PRIVATE_TARGETS && (await refersToPrivateAddress(input.url))) {
      const message = 'must be on a public address (private, loopback and link-local addresses are refused)';
      throw new ValidationFailed([{ path: 'url', message }]);
    }
    const limit = this.config.env.MAX_WEBHOOKS_PER_USER;
    if ((await this.repository.countOwned(userId)) >= limit) {
      throw new QuotaExceeded('webhooks', limit, 'Delete webhooks you no longer use.');
    }
    const secret = newWebhookSecret();
    const row = await this.repository.insert({
      userId,
      projectId: input.projectId ?? null,
      url: input.url,
      events: input.events,
      sealedSecret: this.box.seal(secret),
    });
    this.audit.log({ event: 'webhook.created', userId, webhookId: row.id, projectId: row.projectId });
    // This replica fans out from now on, without waiting for its sweep to notice the first webhook.
    this.dispatcher.kick();
    return { ...toWebhook(row), secret };
  }

  async list(userId: string): Promise<{ items: Webhook[] }> {
    return { items: (await this.repository.listOwned(userId)).map(toWebhook) };
  }

  async get(userId: string, id: string): Promise<Webhook> {
    return toWebhook(await this.owned(userId, id));
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteOwned(userId, id))) throw new NotFound('Webhook');
    this.audit.log({ event: 'webhook.deleted', userId, webhookId: id });
  }

  async rotate(userId: string, id: string): Promise<CreatedWebhook> {
    await this.owned(userId, id);
    const secret = newWebhookSecret();
    const overlapUntil = new Date(Date.now() + ROTATION_OVERLAP_MS);
    const row = await this.repository.rotate(userId, id, this.box.seal(secret), overlapUntil);
    if (!row) throw new NotFound('Webhook');
    this.audit.log({ event: 'webhook.rotated', userId, webhookId: id });
    return { ...toWebhook(row), secret };
  }

  /** Queues a `webhook.test` message, delivered (signed, retried) like any other. */
  async test(userId: string, id: string): Promise<Delivery> {
    const webhook = await this.owned(userId, id);
    const timestamp = new Date().toISOString();
    const delivery = await this.repository.insertDelivery({
      webhookId: webhook.id,
      projectId: null,
      event: TEST_EVENT,
      payload: JSON.stringify({ type: TEST_EVENT, timestamp, data: { webhookId: webhook.id } }),
    });
    this.dispatcher.kick();
    return toDelivery(delivery);
  }

  async deliveries(userId: string, id: string, query: PageQuery): Promise<DeliveryPage> {
    await this.owned(userId, id);
    const cursor = query.cursor
      ? decodeCursor(query.cursor, DELIVERY_SORT, (key) => key !== null && /^\d{1,18}$/.test(key))
      : undefined;
    const rows = await this.repository.listDeliveries(id, query.limit + 1, cursor && Number(cursor.k));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toDelivery),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ s: DELIVERY_SORT, k: String(last.seq), id: last.id })
          : null,
    };
  }

  private async owned(userId: string, id: string): Promise<WebhookRow> {
    const row = await this.repository.findOwned(userId, id);
    if (!row) throw new NotFound('Webhook');
    return row;
  }
}
