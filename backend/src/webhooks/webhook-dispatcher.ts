import { readFileSync } from 'node:fs';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { parseTimestamptz } from '../database/schema/columns.js';
import { TASK_EVENTS_CHANNEL } from '../events/task-event-log.js';
import { type TaskDriverRow, toTask } from '../tasks/dto/to-task.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-schedule.js';
import { signatureHeader, WebhookSecretBox } from './webhook-secrets.js';
import { sendWebhook, type SendOptions } from './webhook-sender.js';
import { type ClaimedDelivery, type FanOutRow, WebhooksRepository } from './webhooks.repository.js';

/**
 * The sweep: fan-out and due retries run at least this often even without a NOTIFY. The log keeps 15 minutes
 * (events.module.ts), so an event is fanned out long before it can be pruned — as long as any replica runs.
 */
const SWEEP_MS = 2000;
const FAN_OUT_BATCH = 500;
/** Deliveries one process sends at once. */
const SEND_CONCURRENCY = 8;

/**
 * Moves events from the log to webhooks, on every replica: a NOTIFY on `task_events` (sent after commit) or the
 * sweep starts a run; a run fans new events out into deliveries, then claims due deliveries and sends them until
 * none is left. Runs in one process never overlap; a kick during a run makes it go round once more.
 * While no webhook is active anywhere, a run is one query and writes do not start one: the sweep looks again
 * (a webhook made on another replica is noticed within SWEEP_MS; its events wait in the log, nothing is missed).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly sendOptions: SendOptions;
  private timer?: NodeJS.Timeout;
  private unlisten?: () => Promise<void>;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  /** No active webhook at the last look: events need no fan-out until the sweep or a new webhook says otherwise. */
  private idle = false;

  constructor(
    private readonly database: DatabaseService,
    private readonly repository: WebhooksRepository,
    private readonly box: WebhookSecretBox,
    private readonly config: AppConfig,
  ) {
    const { WEBHOOK_ALLOW_PRIVATE_TARGETS, WEBHOOK_CA_FILE } = config.env;
    this.sendOptions = {
      allowPrivate: WEBHOOK_ALLOW_PRIVATE_TARGETS,
      extraCa: WEBHOOK_CA_FILE ? readFileSync(WEBHOOK_CA_FILE, 'utf8') : undefined,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    try {
      this.unlisten = await this.database.client.listen(TASK_EVENTS_CHANNEL, () => {
        if (!this.idle) this.kick();
      });
    } catch (error) {
      // The sweep still delivers, only later; the listener is a shortcut.
      this.logger.warn({ err: error }, 'webhook dispatcher could not listen; relying on the sweep');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.().catch(() => undefined);
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      this.idle = !(await this.repository.anyActive());
      if (this.idle) return;
      while (!this.stopped && (await this.repository.fanOut(FAN_OUT_BATCH, payloadsOf)) === FAN_OUT_BATCH);
      while (!this.stopped) {
        const claimed = await this.repository.claimDue(SEND_CONCURRENCY);
        if (claimed.length === 0) break;
        await Promise.all(claimed.map((item) => this.deliver(item)));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook dispatch failed; the sweep retries');
    }
  }

  private openOrSkip(sealed: string): string[] {
    try {
      return [this.box.open(sealed)];
    } catch {
      return [];
    }
  }

  private async deliver({ delivery, webhook }: ClaimedDelivery): Promise<void> {
    let outcome: { status: number } | { error: string };
    try {
      const secrets = [this.box.open(webhook.sealedSecret)];
      const previous = webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > new Date();
      // A previous secret sealed under an earlier JWT_SECRET no longer opens: the new one signs alone.
      if (previous && webhook.previousSealedSecret)
        secrets.push(...this.openOrSkip(webhook.previousSealedSecret));
      const at = new Date();
      const headers = {
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signatureHeader(secrets, delivery.id, at, delivery.payload),
        'user-agent': 'Todo-Webhooks/1',
      };
      outcome = await sendWebhook(webhook.url, headers, delivery.payload, this.sendOptions);
    } catch {
      outcome = { error: 'the signing secret could not be read (the server secret changed); rotate it' };
    }
    const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
    const responseStatus = 'status' in outcome ? outcome.status : null;
    const error = 'error' in outcome ? outcome.error : null;
    if (ok) {
      await this.repository.recordOutcome(delivery, { status: 'delivered', responseStatus, error: null });
      return;
    }
    const retryInMs = retryDelayMs(delivery.attempts, this.config.env.WEBHOOK_RETRY_BASE_MS);
    if (retryInMs !== undefined) {
      await this.repository.recordOutcome(delivery, { status: 'pending', responseStatus, error, retryInMs });
      // A retry due before the next sweep gets its own wake-up.
      if (retryInMs < SWEEP_MS) setTimeout(() => this.kick(), retryInMs + 5).unref();
      return;
    }
    await this.repository.recordOutcome(delivery, { status: 'failed', responseStatus, error });
    const last = responseStatus === null ? error : `HTTP ${responseStatus}`;
    const reason = `A delivery failed ${MAX_ATTEMPTS} times over about a day (last: ${last}).`;
    await this.repository.disable(webhook.id, reason.slice(0, 500));
    this.logger.warn({ event: 'webhook.disabled', webhookId: webhook.id, deliveryId: delivery.id }, reason);
  }
}

/**
 * Each event's message, built once at fan-out: `{ type, timestamp, data }` — `data` the task as it is now (with its
 * projectId), or for a task already erased and for the other events the ids the event names.
 */
async function payloadsOf(tx: Executor, rows: FanOutRow[]): Promise<Map<string, string>> {
  const taskIds = [
    ...new Set(rows.flatMap((row) => (row.type.startsWith('task.') && row.task_id ? [row.task_id] : []))),
  ];
  const tasks = new Map<string, unknown>();
  if (taskIds.length > 0) {
    const found = rowsOf<TaskDriverRow>(await tx.execute(sql`select * from tasks where id in ${taskIds}`));
    for (const row of found) tasks.set(row.id, toTask(row));
  }
  const payloads = new Map<string, string>();
  for (const row of rows) {
    if (payloads.has(row.event_id)) continue;
    const ids = {
      projectId: row.project_id,
      taskId: row.task_id,
      subjectId: row.subject_id,
      actorId: row.user_id,
    };
    const data = row.type.startsWith('task.')
      ? (tasks.get(row.task_id ?? '') ?? { id: row.task_id, projectId: row.project_id })
      : ids;
    const createdAt = row.created_at instanceof Date ? row.created_at : parseTimestamptz(row.created_at);
    const timestamp = createdAt.toISOString();
    payloads.set(row.event_id, JSON.stringify({ type: row.type, timestamp, data }));
  }
  return payloads;
}
