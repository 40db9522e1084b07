import { Injectable, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../common/app-errors.js';
import { sendProblem } from '../common/send-problem.js';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from '../throttling/limit-key.js';
import { PostgresThrottlerStorage } from '../throttling/postgres-throttler.storage.js';
import { TooManyRequests } from '../throttling/too-many-requests.js';
import { FEED_PATH, FeedsService } from './feeds.service.js';

/** A feed token: 32 random bytes in base64url (common/secret-token.ts). */
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;
/**
 * Polls per feed and minute. Calendar clients poll every few minutes to hours; this leaves room for a handful of
 * devices on one feed. Counted per token, not per address: Google and Microsoft fetch every subscriber's feed
 * from a few shared addresses.
 */
export const FEED_POLLS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** Mounts GET /feeds/<token>.ics, outside /api/v1 (calendar clients take a bare URL and send no credentials). */
export function registerFeedRoutes(app: NestFastifyApplication): void {
  app.get(FeedRoutes).register(app.getHttpAdapter().getInstance());
}

@Injectable()
export class FeedRoutes {
  private readonly logger = new Logger(FeedRoutes.name);

  constructor(
    private readonly feeds: FeedsService,
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.get<{ Params: { file: string } }>(`${FEED_PATH}/:file`, async (request, reply) => {
      try {
        await this.serve(request, reply);
      } catch (error) {
        sendProblem(error, request, reply, this.logger);
      }
      return reply;
    });
  }

  private async serve(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) {
    const token = FEED_FILE.exec(request.params.file)?.[1];
    if (!token) throw new NotFound('Feed');
    await this.throttle(token);
    const feed = await this.feeds.find(token);
    if (!feed) throw new NotFound('Feed');
    const response = await this.feeds.render(feed, (etag, lastModified) =>
      isCurrent(request, etag, lastModified),
    );
    void reply
      .header('etag', response.etag)
      // The URL is the credential: no shared cache may keep a copy, and the client revalidates each poll.
      .header('cache-control', 'private, no-cache')
      .header('referrer-policy', 'no-referrer');
    if (response.lastModified) void reply.header('last-modified', response.lastModified.toUTCString());
    if (response.body === undefined) return reply.status(304).send();
    return reply.type('text/calendar; charset=utf-8').send(response.body);
  }

  private async throttle(token: string): Promise<void> {
    if (!this.config.env.RATE_LIMIT_ENABLED) return;
    const window = await this.storage.increment(
      limitKey('feeds', token),
      WINDOW_MS,
      FEED_POLLS_PER_MINUTE,
      0,
    );
    if (window.totalHits > FEED_POLLS_PER_MINUTE)
      throw new TooManyRequests(window.timeToExpire, 'Too many polls');
  }
}

/**
 * RFC 9110 §13.1: If-None-Match decides when present (weak comparison, `*` included); otherwise If-Modified-Since,
 * at HTTP-date precision (whole seconds).
 */
export function isCurrent(request: FastifyRequest, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
