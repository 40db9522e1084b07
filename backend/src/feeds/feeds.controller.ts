import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { NoStore } from '../caching/http-caching.decorators.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { taskIdSchema } from '../tasks/dto/task.schemas.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type CreatedFeed,
  createdFeedSchema,
  type CreateFeedInput,
  createFeedSchema,
  feedListSchema,
} from './dto/feed.schemas.js';
import { FeedsService } from './feeds.service.js';

@Controller('feeds')
@NoStore()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Post()
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createFeed',
    tag: 'Feeds',
    summary: 'Create a calendar feed',
    description:
      'Creates a secret iCalendar (RFC 5545) address to subscribe to from Google Calendar, Apple Calendar or ' +
      'Outlook: one event per open task with a due time (UID = task id, DTSTART = dueAt in UTC, DESCRIPTION, a ' +
      'VALARM at remindAt, an RRULE for recurrence), across your projects or the one `projectId`. The URL is in ' +
      'this response only; polls answer 304 to `If-None-Match` / `If-Modified-Since` while nothing changed, and ' +
      'an unknown or revoked address is 404. Needs `tasks:write`; counts toward your write rate limit.',
    body: createFeedSchema,
    responses: { 201: { description: 'The feed, with its secret URL.', schema: createdFeedSchema } },
    errors: [400, 401, 403, 404, 413, 415, 429],
  })
  createFeed(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(createFeedSchema)) body: CreateFeedInput,
  ): Promise<CreatedFeed> {
    return this.feeds.create(user.userId, body);
  }

  @Get()
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listFeeds',
    tag: 'Feeds',
    summary: 'List calendar feeds',
    description:
      'Lists your calendar feeds, newest first, without their URLs. Read-only; needs `tasks:read`.',
    responses: { 200: { description: 'Your feeds.', schema: feedListSchema } },
    errors: [401, 403],
  })
  listFeeds(@CurrentUser() user: Principal) {
    return this.feeds.list(user.userId);
  }

  @Delete(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'revokeFeed',
    tag: 'Feeds',
    summary: 'Revoke a calendar feed',
    description:
      'Deletes the feed; its URL answers 404 from this moment on. Needs `tasks:write`; counts toward your write ' +
      'rate limit (429 with Retry-After).',
    pathParams: { id: 'The feed id (UUID).' },
    responses: { 204: { description: 'The feed is revoked.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async revokeFeed(
    @CurrentUser() user: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema, 'id')) id: string,
  ): Promise<void> {
    await this.feeds.revoke(user.userId, id);
  }
}
