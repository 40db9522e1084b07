import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { NotFound } from '../common/app-errors.js';
import { hashSecretToken, newSecretToken } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import { ProjectAccess } from '../projects/project-access.js';
import {
  type CreatedFeed,
  type CreateFeedInput,
  type Feed,
  type FeedRow,
  toFeed,
} from './dto/feed.schemas.js';
import { feedCalendar } from './feed-calendar.js';
import { FeedsRepository } from './feeds.repository.js';

/** What a poll of a feed gets: its validators, and the body unless the client's copy is current. */
export interface FeedResponse {
  etag: string;
  lastModified: Date | null;
  /** Undefined when `isCurrent` said the client's copy is still good (a 304). */
  body?: string;
}

export const FEED_PATH = '/feeds';
const CALENDAR_NAME = 'Todo';

@Injectable()
export class FeedsService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly repository: FeedsRepository,
    private readonly access: ProjectAccess,
    private readonly config: AppConfig,
  ) {}

  async create(userId: string, input: CreateFeedInput): Promise<CreatedFeed> {
    if (input.projectId) await this.access.require(userId, input.projectId, 'read');
    // 256 random bits; only the digest is stored, so the URL is shown once, here.
    const secret = newSecretToken();
    const row = await this.repository.insert({
      userId,
      projectId: input.projectId ?? null,
      tokenHash: secret.hash,
    });
    this.audit.log({ event: 'feed.created', userId, feedId: row.id, projectId: row.projectId });
    return { ...toFeed(row), url: `${this.origin()}${FEED_PATH}/${secret.token}.ics` };
  }

  async list(userId: string): Promise<{ items: Feed[] }> {
    return { items: (await this.repository.list(userId)).map(toFeed) };
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteOwned(userId, id))) throw new NotFound('Feed');
    this.audit.log({ event: 'feed.revoked', userId, feedId: id });
  }

  /** The feed behind a token, or undefined (unknown, revoked). */
  find(token: string): Promise<FeedRow | undefined> {
    return this.repository.findByHash(hashSecretToken(token));
  }

  /**
   * The validators come from one aggregate query; the tasks are read and the calendar built only when the
   * client's copy is stale (`isCurrent` answers false). A project feed whose project is gone is a 404.
   */
  async render(
    feed: FeedRow,
    isCurrent: (etag: string, lastModified: Date | null) => boolean,
  ): Promise<FeedResponse> {
    const name = feed.projectId ? await this.repository.projectName(feed) : CALENDAR_NAME;
    if (name === null) throw new NotFound('Feed');
    const { fingerprint, changedAt } = await this.repository.validator(feed);
    const etag = `W/"${createHash('sha256').update(`${feed.id}|${name}|${fingerprint}`).digest('base64url').slice(0, 27)}"`;
    const lastModified = changedAt === null ? null : new Date(changedAt);
    if (isCurrent(etag, lastModified)) return { etag, lastModified };
    return { etag, lastModified, body: feedCalendar(name, await this.repository.openTasks(feed)) };
  }

  /** The public origin the feed URLs point at (PUBLIC_URL); without one, this process's own address. */
  private origin(): string {
    return this.config.env.PUBLIC_URL ?? `http://localhost:${this.config.env.PORT}`;
  }
}
