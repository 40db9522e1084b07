import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { type ProjectPageQuery, projectPageQuerySchema } from '../projects/dto/project.schemas.js';
import { projectIdPipe } from '../projects/projects.controller.js';
import { ActivityService } from './activity.service.js';
import { type ActivityPage, activityPageSchema } from './dto/activity.schemas.js';

/** Read only: activity is written by the changes themselves (ActivityLog), never through the API. */
@Controller()
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get('projects/:id/activity')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listProjectActivity',
    tag: 'Projects',
    summary: 'List the activity of a project',
    description:
      'Every change in a project you are a member of, newest first: tasks created, updated, completed, ' +
      'reopened, moved, trashed and restored, comments, sections, the project itself and its members, each ' +
      'with who made it and, for updates, each changed field as `{ from, to }`. Follow `nextCursor` for older ' +
      'entries; each appears exactly once. Read-only (any member, a viewer too); needs `tasks:read`.',
    pathParams: { id: 'The project id (UUID).' },
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of activity.', schema: activityPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listProjectActivity(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ): Promise<ActivityPage> {
    return this.activity.list(user.userId, projectId, query);
  }
}
