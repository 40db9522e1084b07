import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { LimitWrites } from '../throttling/write-limits.js';
import { cachedPageResponses } from '../openapi/conditional-responses.js';
import {
  type PageQuery,
  pageQuerySchema,
  type Task,
  taskIdSchema,
  taskSchema,
} from '../tasks/dto/task.schemas.js';
import { trashPageSchema } from './dto/trash.schemas.js';
import { TrashService } from './trash.service.js';
import { ETag } from '../caching/http-caching.decorators.js';

const TASK_ID = { id: 'The trashed task id (UUID).' };
const idPipe = new ZodValidationPipe(taskIdSchema, 'id');

@Controller('trash')
export class TrashController {
  constructor(private readonly trash: TrashService) {}

  @Get()
  @Scope('tasks:read')
  @ETag('body')
  @ApiEndpoint({
    operationId: 'listTrash',
    tag: 'Trash',
    summary: 'List trashed tasks',
    description:
      'Returns the tasks you trashed (on their own, not with their project) in projects where you can still write ' +
      '(owner or editor), most recently trashed first, paged like listTasks; each says when it was ' +
      'trashed (`trashedAt`) and when it will be erased for good (`erasesAt`: trash older than the retention, ' +
      '30 days by default, is purged). Use it to find a task to restore. Read-only; needs `tasks:read`.',
    query: pageQuerySchema,
    headers: ['If-None-Match'],
    responses: cachedPageResponses('A page of trashed tasks.', trashPageSchema),
    errors: [400, 401, 403],
  })
  listTrash(@CurrentUser() user: Principal, @Query(new ZodValidationPipe(pageQuerySchema)) query: PageQuery) {
    return this.trash.list(user.userId, query);
  }

  @Delete()
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'emptyTrash',
    tag: 'Trash',
    summary: 'Empty the trash',
    description:
      'Erases every task listed by listTrash for good, at once (204 also when it was empty). Cannot be undone. Needs ' +
      '`tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    responses: { 204: { description: 'The trash is empty.' } },
    errors: [401, 403, 429],
  })
  async emptyTrash(@CurrentUser() user: Principal): Promise<void> {
    await this.trash.empty(user.userId);
  }

  @Post(':id/restore')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'restoreTask',
    tag: 'Trash',
    summary: 'Restore a trashed task',
    description:
      'Brings a task back from the trash exactly as it was (same id and fields) and emits `task.restored`. ' +
      'A second call is 404, unless both carry the same Idempotency-Key: then the retry gets the first 200 again ' +
      '(the same key for another task is 422). Its subtasks trashed with it come back too; if its parent was trashed ' +
      'since, it comes back at the top level. While its project is in the trash it stays there: 409 (restore the ' +
      'project). Anyone who can write in its project may restore it, whoever trashed it (a viewer gets 403). ' +
      'Needs `tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: TASK_ID,
    headers: ['Idempotency-Key'],
    responses: { 200: { description: 'The restored task.', schema: taskSchema } },
    errors: [400, 401, 403, 404, 409, 422, 429],
  })
  restoreTask(
    @CurrentUser() user: Principal,
    @Param('id', idPipe) id: string,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<Task> {
    return this.trash.restore(user.userId, id, idempotencyKey);
  }

  @Delete(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'eraseTask',
    tag: 'Trash',
    summary: 'Erase a trashed task for good',
    description:
      'Permanently deletes a task that is in the trash; only trashed tasks can be erased (trash it first with ' +
      'deleteTask). Anyone who can write in its project may (a viewer gets 403). Cannot be undone. Needs `tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: TASK_ID,
    responses: { 204: { description: 'The task is gone.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async eraseTask(@CurrentUser() user: Principal, @Param('id', idPipe) id: string): Promise<void> {
    await this.trash.erase(user.userId, id);
  }
}
