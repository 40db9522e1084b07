import { Injectable } from '@nestjs/common';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { webhookDeliveries, webhooks } from '../database/schema/index.js';
import type { DeliveryRow, WebhookRow } from './dto/webhook.schemas.js';

/** An event of the log joined with one webhook it goes to (see `matchingWebhooks`). */
export interface FanOutRow {
  event_id: string;
  type: string;
  user_id: string;
  task_id: string | null;
  project_id: string | null;
  subject_id: string | null;
  created_at: string | Date;
  webhook_id: string | null;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  delivery: DeliveryRow;
  webhook: WebhookRow;
}

/** How long a claim keeps other replicas off a delivery: longer than a send may take (10 s). */
const LEASE = sql`interval '20 seconds'`;

/**
 * Which webhooks an event goes to — the one place that decides it: the webhook is active and was created before
 * the event; it subscribed to the event's type; it covers every project of its owner or this one; and its owner is
 * a member of the event's project now (rows without a project: the owner made the change).
 */
const matchingWebhooks = sql`
  join webhooks w on w.disabled_at is null
    and w.created_at <= e.created_at
    and e.type = any(w.events)
    and (w.project_id is null or w.project_id = e.project_id)
    and (case when e.project_id is null then w.user_id = e.user_id
              else exists (select 1 from project_members m
                            where m.project_id = e.project_id and m.user_id = w.user_id) end)`;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly database: DatabaseService) {}

  private get db() {
    return this.database.db;
  }

  async insert(values: typeof webhooks.$inferInsert): Promise<WebhookRow> {
    const [row] = await this.db.insert(webhooks).values(values).returning();
    return row!;
  }

  async countOwned(userId: string): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(webhooks)
      .where(eq(webhooks.userId, userId));
    return Number(row!.count);
  }

  listOwned(userId: string): Promise<WebhookRow[]> {
    return this.db
      .select()
      .from(webhooks)
      .where(eq(webhooks.userId, userId))
      .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  }

  async findOwned(userId: string, id: string): Promise<WebhookRow | undefined> {
    const [row] = await this.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)));
    return row;
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(webhooks)
      .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
      .returning({ id: webhooks.id });
    return rows.length > 0;
  }

  /** The new secret signs from now on; the current one keeps signing too until `overlapUntil`. */
  async rotate(
    userId: string,
    id: string,
    sealedSecret: string,
    overlapUntil: Date,
  ): Promise<WebhookRow | undefined> {
    const [row] = await this.db
      .update(webhooks)
      .set({
        sealedSecret,
        previousSealedSecret: sql`${webhooks.sealedSecret}`,
        previousSecretExpiresAt: overlapUntil,
      })
      .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
      .returning();
    return row;
  }

  /** Newest first, keyset on `seq`. */
  listDeliveries(webhookId: string, limit: number, beforeSeq?: number): Promise<DeliveryRow[]> {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.webhookId, webhookId),
          beforeSeq === undefined ? undefined : lt(webhookDeliveries.seq, beforeSeq),
        ),
      )
      .orderBy(desc(webhookDeliveries.seq))
      .limit(limit);
  }

  async insertDelivery(values: typeof webhookDeliveries.$inferInsert): Promise<DeliveryRow> {
    const [row] = await this.db.insert(webhookDeliveries).values(values).returning();
    return row!;
  }

  /** Whether any webhook anywhere can receive deliveries (without one, fan-out and sending have nothing to do). */
  async anyActive(): Promise<boolean> {
    const [row] = rowsOf<{ active: boolean }>(
      await this.db.execute(sql`select exists (select 1 from webhooks where disabled_at is null) as active`),
    );
    return row?.active === true;
  }

  /**
   * One fan-out pass, in one transaction: the events not yet fanned out (oldest first, at most `limit`), each with
   * the webhooks it goes to, become deliveries, and the events are marked. `payloadOf` builds each message's bytes
   * once, here, so every retry sends the same. Returns how many events it handled, or -1 when another replica holds
   * the fan-out (its pass does the same work). Nothing to do, and no mark written, while no webhook is active.
   */
  fanOut(
    limit: number,
    payloadOf: (tx: Executor, rows: FanOutRow[]) => Promise<Map<string, string>>,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [lock] = rowsOf<{ locked: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('todo.webhook-fanout')) as locked`),
      );
      if (!lock?.locked) return -1;
      const rows = rowsOf<FanOutRow>(
        await tx.execute(sql`
          with batch as (
            select e.* from task_events e
             where e.created_at >= (select min(created_at) from webhooks where disabled_at is null)
               and not exists (select 1 from webhook_fanouts f where f.event_id = e.id)
             order by e.id
             limit ${limit})
          select e.id::text as event_id, e.type, e.user_id, e.task_id, e.project_id, e.subject_id, e.created_at,
                 w.id as webhook_id
            from batch e left ${matchingWebhooks}
           order by e.id, w.id`),
      );
      if (rows.length === 0) return 0;
      const payloads = await payloadOf(
        tx,
        rows.filter((row) => row.webhook_id !== null),
      );
      const deliveries = rows
        .filter((row) => row.webhook_id !== null)
        .map((row) => ({
          webhookId: row.webhook_id!,
          eventId: Number(row.event_id),
          projectId: row.project_id,
          event: row.type,
          payload: payloads.get(row.event_id)!,
        }));
      // In event order, so `seq` (the delivery order per webhook and project) follows the log.
      for (let i = 0; i < deliveries.length; i += 200) {
        await tx
          .insert(webhookDeliveries)
          .values(deliveries.slice(i, i + 200))
          .onConflictDoNothing({ target: [webhookDeliveries.webhookId, webhookDeliveries.eventId] });
      }
      const eventIds = [...new Set(rows.map((row) => row.event_id))];
      await tx.execute(sql`insert into webhook_fanouts (event_id)
        select unnest(${`{${eventIds.join(',')}}`}::bigint[]) on conflict do nothing`);
      return eventIds.length;
    });
  }

  /**
   * Claims up to `limit` due deliveries for this process: each the oldest pending one of its (webhook, project), so
   * a project's messages go out one at a time in order; rows another replica is claiming are skipped. The claim
   * counts the attempt and pushes `next_attempt_at` past the send's timeout — a lease: if this process dies while
   * sending, another replica retries (the same webhook-id) once it runs out.
   */
  async claimDue(limit: number): Promise<ClaimedDelivery[]> {
    const claimed = await this.db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: sql`now()`,
        nextAttemptAt: sql`now() + ${LEASE}`,
      })
      .where(
        sql`${webhookDeliveries.id} in (
          select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.disabled_at is null
           where d.status = 'pending' and d.next_attempt_at <= now()
             and not exists (select 1 from webhook_deliveries o
                              where o.webhook_id = d.webhook_id and o.project_id is not distinct from d.project_id
                                and o.status = 'pending' and o.seq < d.seq)
           order by d.next_attempt_at, d.seq
           limit ${limit}
           for update of d skip locked)`,
      )
      .returning();
    if (claimed.length === 0) return [];
    const hooks = await this.db
      .select()
      .from(webhooks)
      .where(or(...claimed.map((row) => eq(webhooks.id, row.webhookId))));
    const byId = new Map(hooks.map((hook) => [hook.id, hook]));
    return claimed.flatMap((delivery) => {
      const webhook = byId.get(delivery.webhookId);
      return webhook ? [{ delivery, webhook }] : [];
    });
  }

  /** Records an attempt's outcome, unless the claim ran out and another attempt has started since. */
  async recordOutcome(
    delivery: DeliveryRow,
    outcome: {
      status: 'pending' | 'delivered' | 'failed';
      responseStatus: number | null;
      error: string | null;
      retryInMs?: number;
    },
  ): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({
        status: outcome.status,
        responseStatus: outcome.responseStatus,
        lastError: outcome.error,
        nextAttemptAt:
          outcome.retryInMs === undefined
            ? sql`${webhookDeliveries.nextAttemptAt}`
            : sql`now() + ${`${outcome.retryInMs} milliseconds`}::interval`,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts)));
  }

  async disable(webhookId: string, reason: string): Promise<void> {
    await this.db
      .update(webhooks)
      .set({ disabledAt: sql`now()`, disabledReason: reason })
      .where(and(eq(webhooks.id, webhookId), sql`${webhooks.disabledAt} is null`));
  }

  /** Finished deliveries older than `cutoff` (the delivery log keeps them for a while). */
  async pruneBefore(cutoff: Date): Promise<void> {
    await this.db.execute(
      sql`delete from webhook_deliveries where status <> 'pending' and created_at < ${cutoff.toISOString()}`,
    );
  }
}
