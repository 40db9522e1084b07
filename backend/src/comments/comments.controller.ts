import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { type ProjectPageQuery, projectPageQuerySchema } from '../projects/dto/project.schemas.js';
import { taskIdSchema } from '../tasks/dto/task.schemas.js';
import { LimitWrites } from '../throttling/write-limits.js';
import { CommentsService } from './comments.service.js';
import {
  type Comment,
  commentIdSchema,
  type CommentPage,
  commentPageSchema,
  commentSchema,
  type CreateCommentInput,
  createCommentSchema,
} from './dto/comment.schemas.js';

const TASK_ID = { id: 'The task id (UUID).' };
const taskIdPipe = new ZodValidationPipe(taskIdSchema, 'id');

@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('tasks/:id/comments')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listComments',
    tag: 'Tasks',
    summary: 'List the comments on a task',
    description:
      'Returns one page of a task’s comments, oldest first (a thread reads top to bottom); follow `nextCursor` ' +
      'for newer ones, each appears exactly once. Any member of the task’s project; a task in the trash is 404. ' +
      'Read-only; needs `tasks:read`.',
    pathParams: TASK_ID,
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of comments.', schema: commentPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listComments(
    @CurrentUser() user: Principal,
    @Param('id', taskIdPipe) taskId: string,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ): Promise<CommentPage> {
    return this.comments.list(user.userId, taskId, query);
  }

  @Post('tasks/:id/comments')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createComment',
    tag: 'Tasks',
    summary: 'Comment on a task',
    description:
      'Adds a comment (1 to 5000 characters, trimmed) to a task and returns it with a Location header; owners ' +
      'and editors of its project (403 for a viewer), emits `comment.created` to the project’s members. Send an ' +
      'Idempotency-Key to make retries safe (the same key with another body is 422). Needs `tasks:write`.',
    pathParams: TASK_ID,
    body: createCommentSchema,
    headers: ['Idempotency-Key'],
    responses: {
      201: {
        description: 'The new comment.',
        schema: commentSchema,
        headers: {
          Location: {
            description: 'The URL of the new comment (DELETE it there).',
            schema: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    errors: [400, 401, 403, 404, 413, 415, 422, 429],
  })
  async createComment(
    @CurrentUser() user: Principal,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(createCommentSchema)) body: CreateCommentInput,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Comment> {
    const comment = await this.comments.create(user.userId, taskId, body, idempotencyKey);
    void reply.header('location', `/api/v1/comments/${comment.id}`);
    return comment;
  }

  @Delete('comments/:id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'deleteComment',
    tag: 'Tasks',
    summary: 'Delete a comment',
    description:
      'Deletes a comment for good: its author or the project’s owner (403 for another member; 404 when you are ' +
      'not a member or its task is in the trash). Needs `tasks:write`.',
    pathParams: { id: 'The comment id (UUID).' },
    responses: { 204: { description: 'The comment is gone.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async deleteComment(
    @CurrentUser() user: Principal,
    @Param('id', new ZodValidationPipe(commentIdSchema, 'id')) id: string,
  ): Promise<void> {
    await this.comments.delete(user.userId, id);
  }
}
