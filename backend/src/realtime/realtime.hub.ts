import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-errors.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import type { TaskEvent } from './dto/task-event.schema.js';
import { EventStream, type StreamCredential } from './event-stream.js';
import { RealtimeMetrics } from './realtime.metrics.js';
import { releaseRequestState } from './release-request-state.js';
import { decideResume } from './resume-decision.js';
import { commentFrame, cursorFrame, eventFrame, retryFrame, signalFrame } from './sse-frame.js';
import type { CredentialRevoked } from '../events/credential-events.js';
import { type RecordedEvent, TASK_EVENTS_CHANNEL } from '../events/task-event-log.js';
import { LiveAudience } from './live-audience.js';
import { needsTaskRow, prepareEvent, type PreparedEvent } from './live-frames.js';
import { StreamCredentialsRepository } from './stream-credentials.repository.js';
import { TaskEventsRepository } from './task-events.repository.js';

const RETRY_MS = 3000;
/** Every this many heartbeats, open streams' credentials are checked against the database. */
const CREDENTIAL_CHECK_HEARTBEATS = 4;
const EVENT_STREAM_TYPE = 'text/event-stream; charset=utf-8';

export class TooManyStreams extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-streams', 'Too many event streams', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/** Who opens a stream, and with which credential: the stream ends when that credential does. */
export type StreamOwner = StreamCredential & { userId: string };

type CredentialEnd = 'expired' | 'revoked';

class ShuttingDown extends AppError {
  constructor() {
    super(503, 'shutting-down', 'Shutting down', 'This server is restarting; reconnect.', undefined, {
      'retry-after': '1',
    });
  }
}

/**
 * The process's one LISTEN on `task_events`, fanned out to the open streams of every member of the event's project
 * (an event without a project: to its author). Each notification is loaded and framed once (at most one query),
 * loads run side by side, and frames go out strictly in arrival order, membership changes included: a member
 * removed on any replica hears `member.removed` and nothing of that project after it.
 */
@Injectable()
export class RealtimeHub implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeHub.name);
  private readonly streams = new Map<string, Set<EventStream>>();
  /** Which projects each connected user belongs to, kept current from the member events on the channel. */
  private readonly audience = new LiveAudience();
  /** Every notification and membership load, applied in arrival order. */
  private tail: Promise<void> = Promise.resolve();
  /** Users whose memberships are being read (their first stream is opening), with the log head read alongside. */
  private readonly installing = new Map<string, Promise<number>>();
  /** `member.added` events waiting in the queue: until applied, events of their project must not be skipped. */
  private joining = 0;
  private total = 0;
  private listening?: Promise<() => Promise<void>>;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;
  private drainsOnPreClose = false;
  /** Watchdog: a NOTIFY this process sent to itself and has not heard back yet. */
  private outstandingPing?: string;
  private readonly pingPrefix = randomUUID();
  private pingCount = 0;
  private heartbeats = 0;
  private checkingCredentials = false;

  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly repository: TaskEventsRepository,
    private readonly metrics: RealtimeMetrics,
    private readonly adapterHost: HttpAdapterHost,
    private readonly credentials: StreamCredentialsRepository,
  ) {}

  get openStreams(): number {
    return this.total;
  }

  /** Users with at least one stream; tests check it returns to zero. */
  get subscribedUsers(): number {
    return this.streams.size;
  }

  onApplicationBootstrap(): void {
    this.heartbeat = setInterval(() => void this.tick(), this.config.env.EVENTS_HEARTBEAT_MS);
    this.heartbeat.unref();
    // Fastify's preClose runs inside server.close(), after the readiness delay: open streams would otherwise
    // hold the server open until the grace period ends.
    try {
      const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
      fastify.addHook('preClose', (done) => {
        this.endAll();
        done();
      });
      this.drainsOnPreClose = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not hook server close; streams end before shutdown instead');
    }
  }

  beforeApplicationShutdown(): void {
    if (!this.drainsOnPreClose) this.endAll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.endAll();
    clearInterval(this.heartbeat);
    const listening = this.listening;
    this.listening = undefined;
    if (listening) await (await listening.catch(() => undefined))?.().catch(() => undefined);
  }

  /**
   * Opens a stream for `userId`: admission (429 beyond the caps), then resume or a fresh cursor, then the
   * response is taken over from Fastify. Errors before that point become problem+json as usual.
   */
  async open(
    owner: StreamOwner,
    lastEventId: number | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const { userId } = owner;
    const stream = this.admit(owner, reply);
    try {
      await this.ensureListening();
      const head = await this.joinAudience(userId);
      const { preamble, replay } = await this.opening(userId, lastEventId, head);
      if (stream.closed) return void reply.hijack();
      // On the reply too, so hooks that run when the stream ends still see it (the raw header map is released).
      void reply.header('content-type', EVENT_STREAM_TYPE);
      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': EVENT_STREAM_TYPE,
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
        'x-request-id': String(request.id),
      });
      stream.start([retryFrame(RETRY_MS), ...preamble], replay);
      stream.expireWith(() => this.endForCredential(stream, 'expired'));
      releaseRequestState(request, reply);
    } catch (error) {
      this.remove(stream);
      throw error;
    }
  }

  private admit(
    { userId, tokenId, sessionId, grantId, expiresAt }: StreamOwner,
    reply: FastifyReply,
  ): EventStream {
    const { EVENTS_MAX_STREAMS, EVENTS_MAX_STREAMS_PER_USER } = this.config.env;
    if (this.closing) throw new ShuttingDown();
    const mine = this.streams.get(userId) ?? new Set<EventStream>();
    if (this.total >= EVENTS_MAX_STREAMS) {
      this.metrics.streamRejected();
      throw new TooManyStreams('This server holds as many event streams as it can; retry shortly.', 5);
    }
    if (mine.size >= EVENTS_MAX_STREAMS_PER_USER) {
      this.metrics.streamRejected();
      throw new TooManyStreams(
        `At most ${EVENTS_MAX_STREAMS_PER_USER} event streams per user are open at once; close one first.`,
        30,
      );
    }
    const stream = new EventStream(
      userId,
      { tokenId, sessionId, grantId, expiresAt },
      reply.raw,
      this.metrics,
    );
    mine.add(stream);
    this.streams.set(userId, mine);
    this.total += 1;
    this.metrics.streamOpened();
    reply.raw.once('close', () => this.remove(stream));
    return stream;
  }

  private remove(stream: EventStream): void {
    const mine = this.streams.get(stream.userId);
    if (!mine?.delete(stream)) return;
    if (mine.size === 0) {
      this.streams.delete(stream.userId);
      if (!this.installing.has(stream.userId)) this.audience.leave(stream.userId);
    }
    this.total -= 1;
    this.metrics.streamClosed();
    stream.end();
  }

  /**
   * The user's memberships, read once for all their streams on this process. The read takes its place in the
   * notification order: changes that arrive after it are applied on top, so none slips between read and install.
   */
  private joinAudience(userId: string): Promise<number | undefined> {
    if (this.audience.has(userId)) return Promise.resolve(undefined);
    let pending = this.installing.get(userId);
    if (!pending) {
      const read = this.repository.projectsOf(userId);
      read.catch(() => undefined); // awaited in turn below; a failure must not count as unhandled meanwhile
      let head = 0;
      pending = this.enqueue(async () => {
        const found = await read;
        head = found.head;
        if (this.streams.has(userId)) this.audience.join(userId, found.projects);
      })
        .then(() => head)
        .finally(() => this.installing.delete(userId));
      this.installing.set(userId, pending);
    }
    return pending;
  }

  /** Replay after Last-Event-ID when the log still covers it; otherwise a reset (or, for a new stream, a cursor). */
  private async opening(userId: string, lastEventId: number | undefined, head: number | undefined) {
    if (lastEventId !== undefined) {
      const decision = decideResume(
        lastEventId,
        await this.repository.position(lastEventId),
        new Date(),
        this.config.env.EVENTS_REPLAY_WINDOW_MS,
      );
      if (decision.resume) {
        const events = await this.repository.eventsAfter(userId, lastEventId);
        const tasks = await this.repository.tasks([
          ...new Set(events.flatMap((event) => (needsTaskRow(event) ? [event.taskId] : []))),
        ]);
        const projects = this.audience.projectsOf(userId);
        const replay: { id: number; frame: string }[] = [];
        for (const event of events) {
          const frame = (await prepareEvent(this.repository, event, tasks))(userId, projects);
          if (frame) replay.push({ id: event.id, frame });
        }
        return { preamble: [], replay };
      }
      this.metrics.resetSent();
      return { preamble: [this.resetFrame(await this.repository.head(), decision.reason)], replay: [] };
    }
    return { preamble: [cursorFrame(head ?? (await this.repository.head()))], replay: [] };
  }

  private resetFrame(head: number | undefined, reason: string): string {
    const data: TaskEvent = { type: 'reset', reason };
    const frame = eventFrame(head ?? 0, 'reset', data);
    // Without a known position, keep the client's Last-Event-ID: drop the id line.
    return head === undefined ? frame.replace(/^id: \d+\n/, '') : frame;
  }

  private ensureListening(): Promise<unknown> {
    this.listening ??= this.database.client
      .listen(
        TASK_EVENTS_CHANNEL,
        (payload) => this.onNotification(payload),
        () => void this.resetAll('listener-reconnected'),
      )
      .catch((error: unknown) => {
        this.listening = undefined;
        throw error;
      });
    return this.listening;
  }

  private onNotification(payload: string): void {
    let message: Partial<RecordedEvent> & { ping?: string };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (message.ping !== undefined) {
      if (message.ping === this.outstandingPing) this.outstandingPing = undefined;
      return;
    }
    if ((message as Partial<CredentialRevoked>).kind === 'credential.revoked') {
      return this.endRevoked(message as CredentialRevoked);
    }
    const event = message as RecordedEvent;
    if (typeof event.id !== 'number' || !event.userId || !event.type) return;
    // Nobody here can be concerned, and no membership is about to grow: skip the load.
    const unsettled = this.installing.size > 0 || this.joining > 0;
    if (!unsettled && !this.audience.mayConcern(event)) return;
    const joins = event.type === 'member.added';
    if (joins) this.joining += 1;
    // Loads run side by side; delivery keeps arrival order (a delete never overtakes the create still loading).
    const prepared = prepareEvent(this.repository, event).catch((error: unknown) => {
      this.logger.warn({ err: error, eventId: event.id }, 'live event load failed; not sent');
      return undefined;
    });
    void this.enqueue(async () => {
      const frames = await prepared;
      if (joins) this.joining -= 1;
      this.deliver(event, frames);
    }).catch((error: unknown) =>
      this.logger.warn({ err: error, eventId: event.id }, 'live event dispatch failed'),
    );
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.tail.then(step);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** In arrival order: who hears the event is decided here, around the membership change it makes. */
  private deliver(event: RecordedEvent, prepared: PreparedEvent | undefined): void {
    // The membership change applies even when the load failed.
    const recipients = this.audience.apply(event);
    if (!prepared) return;
    for (const userId of recipients) {
      const frame = prepared(userId, this.audience.projectsOf(userId));
      if (!frame) continue;
      for (const stream of this.streams.get(userId) ?? []) stream.deliver(event.id, frame);
    }
  }

  /**
   * Synchronously, before any later notification is handled: no event committed after the revocation reaches a
   * stream it opened.
   */
  private endRevoked({ userId, tokenId, sessionId, grantId }: CredentialRevoked): void {
    const opened = (stream: EventStream) =>
      (tokenId !== undefined && stream.credential.tokenId === tokenId) ||
      (sessionId !== undefined && stream.credential.sessionId === sessionId) ||
      (grantId !== undefined && stream.credential.grantId === grantId);
    for (const stream of [...(this.streams.get(userId) ?? [])]) {
      if (opened(stream)) this.endForCredential(stream, 'revoked');
    }
  }

  /** A planned end: the client gets a fresh credential and reconnects with Last-Event-ID, missing nothing. */
  private endForCredential(stream: EventStream, reason: CredentialEnd): void {
    const data: TaskEvent = { type: 'reauthenticate', reason };
    stream.endWith(signalFrame('reauthenticate', data));
    this.remove(stream);
  }

  /**
   * The backstop for a revocation whose NOTIFY was lost (sent while this process was not listening, or failed after
   * the commit): streams whose token or session no longer holds end as if it had arrived.
   */
  private async recheckCredentials(): Promise<void> {
    if (this.checkingCredentials || this.total === 0) return;
    this.checkingCredentials = true;
    try {
      const streams = [...this.streams.values()].flatMap((mine) => [...mine]);
      const ids = (pick: (stream: EventStream) => string | undefined) => [
        ...new Set(streams.map(pick).filter((id): id is string => id !== undefined)),
      ];
      const tokenIds = ids((stream) => stream.credential.tokenId);
      const sessionIds = ids((stream) => stream.credential.sessionId);
      const grantIds = ids((stream) => stream.credential.grantId);
      if (tokenIds.length + sessionIds.length + grantIds.length === 0) return;
      const valid = await this.credentials.stillValid(tokenIds, sessionIds, grantIds);
      for (const stream of streams) {
        const { tokenId, sessionId, grantId } = stream.credential;
        const revoked =
          (tokenId !== undefined && !valid.has(tokenId)) ||
          (sessionId !== undefined && !valid.has(sessionId)) ||
          (grantId !== undefined && !valid.has(grantId));
        if (revoked) this.endForCredential(stream, 'revoked');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'checking event streams’ credentials failed; will retry');
    } finally {
      this.checkingCredentials = false;
    }
  }

  /** Notifications may have been missed: every stream is told to refetch. */
  private async resetAll(reason: string): Promise<void> {
    if (this.total === 0) return;
    this.logger.warn({ event: 'events.reset', reason, streams: this.total }, 'resetting every event stream');
    const head = await this.repository.head().catch(() => undefined);
    const frame = this.resetFrame(head, reason);
    for (const mine of this.streams.values()) {
      for (const stream of mine) {
        stream.deliver(undefined, frame);
        this.metrics.resetSent();
      }
    }
  }

  private endAll(): void {
    this.closing = true;
    for (const mine of [...this.streams.values()]) for (const stream of [...mine]) this.remove(stream);
  }

  /** Heartbeat comments, and a self-addressed NOTIFY proving the listening connection still hears. */
  private async tick(): Promise<void> {
    const heartbeat = commentFrame('heartbeat');
    for (const mine of this.streams.values()) for (const stream of mine) stream.comment(heartbeat);
    if (++this.heartbeats % CREDENTIAL_CHECK_HEARTBEATS === 0) void this.recheckCredentials();
    if (this.closing || this.database.client.kind !== 'postgres') return;
    // Not listening (a reconnect failed while the database was down): try again while anyone is waiting.
    if (!this.listening && this.total === 0) return;
    if (!this.listening || this.outstandingPing) await this.relisten();
    if (!this.listening) return;
    const ping = `${this.pingPrefix}:${++this.pingCount}`;
    this.outstandingPing = ping;
    await this.database.client.notify(TASK_EVENTS_CHANNEL, JSON.stringify({ ping })).catch(() => undefined);
  }

  /** The listener missed its own ping (or is gone): drop it, listen again, and reset every stream. */
  private async relisten(): Promise<void> {
    this.logger.warn(
      { event: 'events.listener-stale' },
      'listening connection missed its ping; listening again',
    );
    this.outstandingPing = undefined;
    const previous = this.listening;
    this.listening = undefined;
    // Unsubscribing first matters: postgres.js would otherwise reuse a channel whose LISTEN failed.
    const unlisten = await previous?.catch(() => undefined);
    void unlisten?.().catch(() => undefined);
    try {
      await this.ensureListening();
      await this.resetAll('listener-restarted');
    } catch (error) {
      this.logger.warn({ err: error }, 'listening again failed; will retry');
    }
  }
}
