import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { projectIdPipe } from '../projects/projects.controller.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type CreateSectionInput,
  createSectionSchema,
  type Section,
  sectionIdSchema,
  sectionPageSchema,
  sectionSchema,
  type UpdateSectionInput,
  updateSectionSchema,
} from './dto/section.schemas.js';
import { SectionsService } from './sections.service.js';

const PROJECT_ID = { id: 'The project id (UUID).' };
const SECTION_ID = { id: 'The section id (UUID).' };
const sectionIdPipe = new ZodValidationPipe(sectionIdSchema, 'id');

@Controller()
export class SectionsController {
  constructor(private readonly sections: SectionsService) {}

  @Get('projects/:id/sections')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listSections',
    tag: 'Sections',
    summary: 'List the sections of a project',
    description:
      'Returns every section of a project you are a member of, in their order, in one page. Read-only; needs ' +
      '`tasks:read`.',
    pathParams: PROJECT_ID,
    responses: { 200: { description: 'The sections.', schema: sectionPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listSections(@CurrentUser() user: Principal, @Param('id', projectIdPipe) projectId: string) {
    return this.sections.list(user.userId, projectId);
  }

  @Post('projects/:id/sections')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createSection',
    tag: 'Sections',
    summary: 'Create a section',
    description:
      'Adds a section at the end of a project (owners and editors; 403 for a viewer) and returns it with a ' +
      'Location header. A project holds at most 500 sections (409). Needs `tasks:write`.',
    pathParams: PROJECT_ID,
    body: createSectionSchema,
    responses: {
      201: {
        description: 'The new section.',
        schema: sectionSchema,
        headers: {
          Location: {
            description: 'The URL of the new section.',
            schema: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    errors: [400, 401, 403, 404, 409, 413, 415, 429],
  })
  async createSection(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Body(new ZodValidationPipe(createSectionSchema)) body: CreateSectionInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Section> {
    const section = await this.sections.create(user.userId, projectId, body);
    void reply.header('location', `/api/v1/sections/${section.id}`);
    return section;
  }

  @Patch('sections/:id')
  @Scope('tasks:write')
  @LimitWrites()
  @ApiEndpoint({
    operationId: 'updateSection',
    tag: 'Sections',
    summary: 'Update a section',
    description:
      'Renames or reorders (`position`, an order key between its new neighbours) a section; owners and editors ' +
      'only. Needs `tasks:write`.',
    pathParams: SECTION_ID,
    body: updateSectionSchema,
    responses: { 200: { description: 'The updated section.', schema: sectionSchema } },
    errors: [400, 401, 403, 404, 413, 415, 429],
  })
  updateSection(
    @CurrentUser() user: Principal,
    @Param('id', sectionIdPipe) id: string,
    @Body(new ZodValidationPipe(updateSectionSchema)) body: UpdateSectionInput,
  ): Promise<Section> {
    return this.sections.update(user.userId, id, body);
  }

  @Delete('sections/:id')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'deleteSection',
    tag: 'Sections',
    summary: 'Delete a section',
    description:
      'Deletes a section for good; its tasks stay in the project with `sectionId: null` (each emits ' +
      '`task.updated`). Owners and editors only. Needs `tasks:write`.',
    pathParams: SECTION_ID,
    responses: { 204: { description: 'The section is gone.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async deleteSection(@CurrentUser() user: Principal, @Param('id', sectionIdPipe) id: string): Promise<void> {
    await this.sections.delete(user.userId, id);
  }
}
