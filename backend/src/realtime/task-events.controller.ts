import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { RealtimeHub } from './realtime.hub.js';
import { taskEventSchema } from './dto/task-event.schema.js';
import { parseLastEventId } from './sse-frame.js';

@Controller('tasks')
export class TaskEventsController {
  constructor(private readonly hub: RealtimeHub) {}

  @Get('events')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'streamTaskEvents',
    tag: 'Tasks',
    summary: 'Stream live task changes',
    description:
      'A `text/event-stream` (server-sent events) of the changes in every project you belong to, whoever made ' +
      'them and whichever server: `task.created`, `task.updated` and `task.restored` carry the task as it is now, ' +
      '`task.deleted` its id, each with its `projectId`. `project.updated` carries the project (your role in it; ' +
      'also sent when a member’s role changes and when a project is restored), `project.deleted` its id, ' +
      '`member.added` the member, `member.removed` the member’s `userId`, `comment.created` the task and comment ' +
      'ids. A stream carries a project from your `member.added` until your `member.removed`. A task moved to ' +
      'another project is a `task.deleted` for the members who cannot follow it. Ignore types you do not know. ' +
      'Each event has an `id:`, an `event:` naming its type and one JSON `data:` line (a TaskEvent). Comments ' +
      'arrive every 15–25 s as heartbeats, and `retry:` sets the reconnect delay.\n\n' +
      'Reconnect with `Last-Event-ID` (EventSource does this itself) to receive the events you missed, exactly ' +
      'once and in order, if they are at most a few minutes old. Otherwise — and whenever the server may have ' +
      'missed changes, for example after a database failover — a `reset` event tells you to refetch your tasks. ' +
      'The stream ends when the server restarts; reconnect. It also ends when the credential that opened it ' +
      'does — at the access token’s or personal access token’s expiry, and on every server as soon as the token ' +
      'is revoked or its session signed out — with a last `event: reauthenticate` (`reason` `expired` or ' +
      '`revoked`, no `id:` so Last-Event-ID stays put): reconnect with a valid credential and Last-Event-ID and ' +
      'nothing is missed. EventSource reconnects by itself after `retry:`; with a cookie session (the web app) ' +
      'that reconnect already carries the renewed session. Each user may hold a few streams at once, and each ' +
      'server a bounded number: beyond that, 429 with Retry-After. Read-only; resuming replays the projects you belong to now.',
    headers: ['Last-Event-ID'],
    responses: {
      200: {
        description:
          'The event stream. Frames look like `id: 42`, `event: task.updated`, `data: {"type":"task.updated",' +
          '"projectId":"…","taskId":"…","task":{…}}`; the first frame sets `retry:`, and a new stream also sends a bare `id:` so ' +
          'that a reconnect can resume even before the first event.',
        schema: taskEventSchema,
        contentType: 'text/event-stream',
        // One frame's `data:` payload (the frame itself is `id: 42` / `event: task.updated` / `data: <this>`).
        example: {
          type: 'task.updated',
          projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
          taskId: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
          task: {
            id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
            title: 'Renew passport',
            description: null,
            completed: true,
            completedAt: '2026-11-27T08:30:00.000Z',
            priority: 'high',
            tags: ['errands'],
            dueAt: '2026-12-01T09:00:00.000Z',
            remindAt: null,
            recurrence: null,
            projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
            sectionId: null,
            parentId: null,
            position: 'a0',
            assigneeId: null,
            createdBy: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
            createdAt: '2026-11-26T10:00:00.000Z',
            updatedAt: '2026-11-27T08:30:00.000Z',
            version: 2,
          },
        },
      },
    },
    errors: [401, 403, 429],
  })
  async streamTaskEvents(
    @CurrentUser() user: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.hub.open(user, parseLastEventId(lastEventId), request, reply);
  }
}
