import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { IfMatchVersion } from '../common/request-headers.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type CreateProjectInput,
  createProjectSchema,
  type Project,
  projectIdSchema,
  type ProjectPageQuery,
  projectPageQuerySchema,
  projectPageSchema,
  projectSchema,
  trashedProjectPageSchema,
  type UpdateProjectInput,
  updateProjectSchema,
} from './dto/project.schemas.js';
import { ProjectsService } from './projects.service.js';

const PROJECT_ID = { id: 'The project id (UUID).' };
export const projectIdPipe = new ZodValidationPipe(projectIdSchema, 'id');

@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listProjects',
    tag: 'Projects',
    summary: 'List projects',
    description:
      'Returns every project you are a member of, your Inbox first, then in their order (`position`), paged ' +
      'with `nextCursor`. Each says your role in it. Read-only; needs `tasks:read`.',
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of projects.', schema: projectPageSchema } },
    errors: [400, 401, 403],
  })
  listProjects(
    @CurrentUser() user: Principal,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ) {
    return this.projects.list(user.userId, query);
  }

  @Post()
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createProject',
    tag: 'Projects',
    summary: 'Create a project',
    description:
      'Creates a project, last in your list, with you as its owner, and returns it with a Location header. ' +
      'Needs `tasks:write`. Counts toward your write rate limit (429 with Retry-After).',
    body: createProjectSchema,
    responses: {
      201: {
        description: 'The new project.',
        schema: projectSchema,
        headers: {
          Location: {
            description: 'The URL of the new project.',
            schema: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    errors: [400, 401, 403, 413, 415, 429],
  })
  async createProject(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(createProjectSchema)) body: CreateProjectInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Project> {
    const project = await this.projects.create(user.userId, body);
    void reply.header('location', `/api/v1/projects/${project.id}`);
    return project;
  }

  @Get(':id')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'getProject',
    tag: 'Projects',
    summary: 'Get a project',
    description:
      'Returns a project you are a member of. Projects you are not a member of and trashed ones are 404, exactly ' +
      'like projects that do not exist. Read-only; needs `tasks:read`.',
    pathParams: PROJECT_ID,
    responses: { 200: { description: 'The project.', schema: projectSchema } },
    errors: [400, 401, 403, 404],
  })
  getProject(@CurrentUser() user: Principal, @Param('id', projectIdPipe) id: string): Promise<Project> {
    return this.projects.get(user.userId, id);
  }

  @Patch(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @ApiEndpoint({
    operationId: 'updateProject',
    tag: 'Projects',
    summary: 'Update a project',
    description:
      'Renames, recolours or reorders (`position`, an order key between its new neighbours) a project; owners and ' +
      'editors only (403 for a viewer). Send `If-Match: <version>` to avoid overwriting someone else’s change ' +
      '(412 when stale; nothing changes). The Inbox keeps its place (409 for `position`). Needs `tasks:write`.',
    pathParams: PROJECT_ID,
    body: updateProjectSchema,
    headers: ['If-Match'],
    responses: { 200: { description: 'The updated project.', schema: projectSchema } },
    errors: [400, 401, 403, 404, 409, 412, 413, 415, 429],
  })
  updateProject(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) id: string,
    @Body(new ZodValidationPipe(updateProjectSchema)) body: UpdateProjectInput,
    @IfMatchVersion() version: number | undefined,
  ): Promise<Project> {
    return this.projects.update(user.userId, id, body, version);
  }

  @Delete(':id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'deleteProject',
    tag: 'Projects',
    summary: 'Move a project and its tasks to the trash',
    description:
      'Moves the project and all its tasks to the trash together (owner only; 403 otherwise). Those tasks are not ' +
      'listed in listTrash: they come back with the project (restoreProject). The Inbox cannot be deleted (409). ' +
      'Emits `task.deleted` for each task. Needs `tasks:write`.',
    pathParams: PROJECT_ID,
    responses: { 204: { description: 'The project is in the trash.' } },
    errors: [400, 401, 403, 404, 409, 429],
  })
  async deleteProject(@CurrentUser() user: Principal, @Param('id', projectIdPipe) id: string): Promise<void> {
    await this.projects.trash(user.userId, id);
  }

  @Post(':id/restore')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'restoreProject',
    tag: 'Projects',
    summary: 'Restore a trashed project',
    description:
      'Brings a trashed project back (owner only) with the tasks that were trashed with it; tasks trashed on ' +
      'their own before stay in the trash. Emits `task.restored` for each task. A project not in the trash is ' +
      '404. Needs `tasks:write`.',
    pathParams: PROJECT_ID,
    responses: { 200: { description: 'The restored project.', schema: projectSchema } },
    errors: [400, 401, 403, 404, 429],
  })
  restoreProject(@CurrentUser() user: Principal, @Param('id', projectIdPipe) id: string): Promise<Project> {
    return this.projects.restore(user.userId, id);
  }
}

@Controller('trash/projects')
export class ProjectTrashController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listTrashedProjects',
    tag: 'Projects',
    summary: 'List trashed projects',
    description:
      'Returns the projects you own that are in the trash, most recently trashed first, paged with ' +
      '`nextCursor`. Restore one with restoreProject. Read-only; needs `tasks:read`.',
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of trashed projects.', schema: trashedProjectPageSchema } },
    errors: [400, 401, 403],
  })
  listTrashedProjects(
    @CurrentUser() user: Principal,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ) {
    return this.projects.listTrash(user.userId, query);
  }
}
