import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { IdempotencyKey, IfMatchVersion } from '../common/request-headers.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { cachedPageResponses, NOT_MODIFIED } from '../openapi/conditional-responses.js';
import {
  type CreateTaskInput,
  createTaskSchema,
  type ListTasksQuery,
  listTasksQuerySchema,
  type MoveTaskInput,
  moveTaskSchema,
  type Task,
  taskIdSchema,
  taskPageSchema,
  taskSchema,
  type UpdateTaskInput,
  updateTaskSchema,
} from './dto/task.schemas.js';
import { type QuickAddTaskInput, quickAddTaskSchema } from './dto/quick-add.schemas.js';
import { LimitWrites } from '../throttling/write-limits.js';
import { WithinQuota } from '../throttling/quotas.js';
import { TaskQuota } from './task-quota.js';
import { TasksService } from './tasks.service.js';
import { ETag } from '../caching/http-caching.decorators.js';

const TASK_ID = { id: 'The task id (UUID).' };
/** What both ways of creating a task answer (createTask, quickAddTask). */
const TASK_CREATED = {
  201: {
    description: 'The new task.',
    schema: taskSchema,
    headers: {
      Location: {
        description: 'The URL of the new task.',
        schema: { type: 'string' as const, maxLength: 64 },
      },
    },
  },
};
const CREATE_ERRORS = [400, 401, 403, 409, 413, 415, 422, 429];
const idPipe = new ZodValidationPipe(taskIdSchema, 'id');

@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Scope('tasks:read')
  @ETag('page')
  @ApiEndpoint({
    operationId: 'listTasks',
    tag: 'Tasks',
    summary: 'List tasks',
    description:
      'Returns one page of the tasks in your projects (not those in the trash), filtered and sorted as asked; filters combine with ' +
      'AND. Follow `nextCursor` to page (keep the same filters and sort): every task appears exactly once even ' +
      'while tasks are being added. Without `projectId` the list covers every project you belong to; a project ' +
      'you are not a member of is 404. `parentId=none` keeps top-level tasks only, `sort=position` is the ' +
      'manual order. Read-only; needs `tasks:read` for a personal access token.',
    query: listTasksQuerySchema,
    headers: ['If-None-Match'],
    responses: cachedPageResponses('A page of tasks.', taskPageSchema),
    errors: [400, 401, 403, 404],
  })
  listTasks(
    @CurrentUser() user: Principal,
    @Query(new ZodValidationPipe(listTasksQuerySchema)) query: ListTasksQuery,
  ) {
    return this.tasks.list(user.userId, query);
  }

  @Post()
  @Scope('tasks:write')
  @LimitWrites()
  @WithinQuota(TaskQuota)
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createTask',
    tag: 'Tasks',
    summary: 'Create a task',
    description:
      'Creates a task and returns it with a Location header; emits a `task.created` event to your live streams. ' +
      'Send an Idempotency-Key to make retries safe: the same key and body return the first response without ' +
      'creating another task; the same key with another body is 422. Unknown fields are 400. Needs `tasks:write`. ' +
      'Counts toward your write rate limit (429 with Retry-After); an account keeps at most MAX_TASKS_PER_USER ' +
      'tasks, trash included (default 10,000; beyond it 409 `/problems/quota-exceeded`). Without `projectId` ' +
      'the task lands in your Inbox, last; a project you are not a member of is 404, a section or parent of ' +
      'another project, a fifth level of subtasks or an assignee who is not a member is 400.',
    body: createTaskSchema,
    headers: ['Idempotency-Key'],
    responses: TASK_CREATED,
    errors: [...CREATE_ERRORS, 404],
  })
  async createTask(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(createTaskSchema)) body: CreateTaskInput,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Task> {
    const { status, task } = await this.tasks.create(user.userId, body, idempotencyKey);
    void reply.status(status).header('location', `/api/v1/tasks/${task.id}`);
    return task;
  }

  @Post('quick')
  @Scope('tasks:write')
  @LimitWrites()
  @WithinQuota(TaskQuota)
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'quickAddTask',
    tag: 'Tasks',
    summary: 'Create a task from quick-add text',
    description:
      'Creates a task from one line written the way a person types it, read by the same parser as the web app: ' +
      '"Pay rent every month #home !high tomorrow 9am" becomes "Pay rent", tag home, priority high, due tomorrow ' +
      '09:00 in `timeZone` (UTC without one), repeating monthly. A date without a time is due at 09:00; a repeat ' +
      'is daily, weekly or monthly ("every monday" is weekly from the next Monday); words the API cannot repeat ' +
      'by ("every weekday", "every year") and words that only look like dates ("Call May", "Read 1984") stay in ' +
      'the title. 400 naming `text` when no title is left once those are out, or the title is over 200 ' +
      'characters. Otherwise exactly like createTask: 201 with Location, Idempotency-Key (a retry must repeat ' +
      'the same text and time zone), `tasks:write`, write rate limit and task quota.',
    body: quickAddTaskSchema,
    headers: ['Idempotency-Key'],
    responses: TASK_CREATED,
    errors: CREATE_ERRORS,
  })
  async quickAddTask(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(quickAddTaskSchema)) body: QuickAddTaskInput,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Task> {
    const { status, task } = await this.tasks.quickAdd(user.userId, body, idempotencyKey);
    void reply.status(status).header('location', `/api/v1/tasks/${task.id}`);
    return task;
  }

  @Get(':id')
  @Scope('tasks:read')
  @ETag('version')
  @ApiEndpoint({
    operationId: 'getTask',
    tag: 'Tasks',
    summary: 'Get a task',
    description:
      'Returns a task of a project you belong to, including its `version` for a later If-Match. Tasks of projects ' +
      'you are not a member of and trashed tasks are 404, exactly like tasks that do not exist. Read-only; needs `tasks:read`.',
    pathParams: TASK_ID,
    headers: ['If-None-Match'],
    responses: {
      200: {
        description: 'The task.',
        schema: taskSchema,
        headers: {
          ETag: {
            description:
              'W/"<version>": send it in If-None-Match for 304 while unchanged, or as If-Match when updating.',
            schema: { type: 'string', maxLength: 64 },
          },
        },
      },
      304: NOT_MODIFIED,
    },
    errors: [400, 401, 403, 404],
  })
  getTask(@CurrentUser() user: Principal, @Param('id', idPipe) id: string): Promise<Task> {
    return this.tasks.get(user.userId, id);
  }

  @Patch(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @ApiEndpoint({
    operationId: 'updateTask',
    tag: 'Tasks',
    summary: 'Update a task',
    description:
      'Changes the fields you send and returns the task with its new version (owners and editors of its project; ' +
      'a viewer gets 403). Send `If-Match: <version>` to ' +
      'avoid overwriting someone else’s change (412 when stale; nothing changes). Setting `completed: true` on a ' +
      'recurring task also creates its next occurrence, due one period later; setting `completed: false` again ' +
      'removes that occurrence entirely (not to the trash) if nobody has changed, completed or trashed it since ' +
      '(its `version` is still 1), and otherwise keeps both: a series never gains a second open occurrence by ' +
      'completing and reopening. Emits `task.updated` (and `task.created` for a next occurrence, `task.deleted` ' +
      'for a removed one). Needs `tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: TASK_ID,
    body: updateTaskSchema,
    headers: ['If-Match'],
    responses: { 200: { description: 'The updated task.', schema: taskSchema } },
    errors: [400, 401, 403, 404, 412, 413, 415, 429],
  })
  updateTask(
    @CurrentUser() user: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateTaskSchema)) body: UpdateTaskInput,
    @IfMatchVersion() version: number | undefined,
  ): Promise<Task> {
    return this.tasks.update(user.userId, id, body, version);
  }

  @Post(':id/move')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'moveTask',
    tag: 'Tasks',
    summary: 'Move or reorder a task',
    description:
      'Puts the task in another project, section or under another parent, and/or between two siblings, and ' +
      'returns it with its new `position`; its subtasks move with it. `after: A` places it right after sibling ' +
      'A, `before: B` right before sibling B (with both, A and B must be neighbours, else 400); with neither it ' +
      'goes last. Without projectId, sectionId or parentId it goes where `after`/`before` is, or stays where it ' +
      'is. 400 for a section or parent of another project, a parent that is the task or one of its subtasks, or ' +
      'more than 4 levels; 404 for a project you are not a member of. Needs write rights in both projects and ' +
      '`tasks:write`. Emits `task.updated`. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: TASK_ID,
    body: moveTaskSchema,
    responses: { 200: { description: 'The moved task.', schema: taskSchema } },
    errors: [400, 401, 403, 404, 413, 415, 429],
  })
  moveTask(
    @CurrentUser() user: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(moveTaskSchema)) body: MoveTaskInput,
  ): Promise<Task> {
    return this.tasks.move(user.userId, id, body);
  }

  @Delete(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'deleteTask',
    tag: 'Tasks',
    summary: 'Move a task to the trash',
    description:
      'Moves the task to the trash: it disappears from lists and reads (404), and can be restored with ' +
      'restoreTask for 30 days, after which it is erased. Emits `task.deleted`. A second call is 404. Needs ' +
      '`tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: TASK_ID,
    responses: { 204: { description: 'The task is in the trash.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async deleteTask(@CurrentUser() user: Principal, @Param('id', idPipe) id: string): Promise<void> {
    await this.tasks.trash(user.userId, id);
  }
}
