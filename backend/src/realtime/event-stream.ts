import type { ServerResponse } from 'node:http';

/** A slow reader past this much unsent data is dropped; it reconnects with Last-Event-ID and catches up. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** setTimeout's ceiling (about 24.8 days); a later expiry is checked again when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What opened a stream: it lives no longer than this credential (a personal access token, a session, or an
 * OAuth grant).
 */
export interface StreamCredential {
  tokenId?: string;
  sessionId?: string;
  grantId?: string;
  expiresAt?: Date;
}

/**
 * One open text/event-stream response. Until `start` it buffers live frames, so events that arrive while the
 * replay is being read are neither lost nor sent twice.
 */
export class EventStream {
  private pending: { id: number | undefined; frame: string }[] | undefined = [];
  /** Ids the replay wrote, so a live copy is not sent twice; only resumed streams have one. */
  private replayed: Set<number> | undefined;
  private ended = false;
  private expiry: NodeJS.Timeout | undefined;

  /**
   * Kept small on purpose: thousands of these sit idle for hours. `counter` is the shared metrics object (no
   * per-stream closure).
   */
  constructor(
    readonly userId: string,
    readonly credential: StreamCredential,
    private readonly raw: ServerResponse,
    private readonly counter: { eventSent(): void },
  ) {}

  get closed(): boolean {
    return this.ended || this.raw.destroyed;
  }

  get started(): boolean {
    return this.pending === undefined;
  }

  /** Writes the preamble and the replay, then whatever arrived meanwhile (minus what the replay covered). */
  start(preamble: string[], replay: { id: number; frame: string }[]): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const frame of preamble) this.write(frame);
    if (replay.length > 0) this.replayed = new Set<number>();
    for (const event of replay) {
      this.replayed!.add(event.id);
      this.write(event.frame);
      this.counter.eventSent();
    }
    for (const event of pending) this.deliver(event.id, event.frame);
  }

  /** A live event (or a reset, which has no log id to dedupe on). */
  deliver(id: number | undefined, frame: string): void {
    if (this.closed) return;
    if (this.pending) {
      this.pending.push({ id, frame });
      return;
    }
    if (id !== undefined && this.replayed?.has(id)) return;
    this.write(frame);
    this.counter.eventSent();
  }

  /** Heartbeats skip streams that have not started: their headers are not written yet. */
  comment(frame: string): void {
    if (this.started) this.write(frame);
  }

  /** Calls `onExpired` once the credential's expiry has passed (never, for a credential without one). */
  expireWith(onExpired: () => void): void {
    const expiresAt = this.credential.expiresAt?.getTime();
    if (expiresAt === undefined || this.ended) return;
    const wait = expiresAt - Date.now();
    if (wait <= 0) return onExpired();
    this.expiry = setTimeout(() => this.expireWith(onExpired), Math.min(wait, MAX_TIMER_MS));
    this.expiry.unref();
  }

  /** Ends with a last frame (sent only if the stream has started; otherwise the socket is simply dropped). */
  endWith(frame: string): void {
    if (this.started) this.write(frame);
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.expiry);
    if (this.raw.headersSent) this.raw.end();
    else this.raw.destroy();
  }

  private write(frame: string): void {
    if (this.closed) return;
    this.raw.write(frame);
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) this.raw.destroy();
  }
}
