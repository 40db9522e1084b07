import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NoStore } from '../caching/http-caching.decorators.js';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type Export,
  exportSchema,
  importDocumentSchema,
  type ImportQuery,
  importQuerySchema,
  type ImportResult,
  importResultSchema,
} from './dto/portability.schemas.js';
import { PortabilityService } from './portability.service.js';

const TODOIST_EXAMPLE =
  'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE\n' +
  'section,This week,,,,,,,,\n' +
  'task,Plan the trip,Where to?,1,1,,,tomorrow 9am,en,Europe/Berlin\n' +
  'task,Book flights,,4,2,,,,,\n';

@Controller()
@NoStore()
export class PortabilityController {
  constructor(private readonly portability: PortabilityService) {}

  @Get('export')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'exportData',
    tag: 'Portability',
    summary: 'Export everything you own',
    description:
      'Returns every project you own (not trashed; your Inbox first) with its sections and tasks, subtasks and ' +
      'completed ones included, as one versioned JSON document (`version: 1`, see docs/export-format.md), as a ' +
      'download (Content-Disposition: attachment). `importData` takes it back. Read-only; needs `tasks:read`.',
    responses: { 200: { description: 'The export document.', schema: exportSchema } },
    errors: [401, 403],
  })
  exportData(
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Export> {
    const day = new Date().toISOString().slice(0, 10);
    void reply.header('content-disposition', `attachment; filename="todo-export-${day}.json"`);
    return this.portability.export(user.userId);
  }

  @Post('import')
  @Scope('tasks:write')
  @LimitWrites()
  @ApiEndpoint({
    operationId: 'importData',
    tag: 'Portability',
    summary: 'Import an export or a Todoist template',
    description:
      'Creates projects, sections and tasks from an export document (`application/json`, see `exportData`) or ' +
      'from a Todoist project template (`text/csv`: TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, …, DATE, ' +
      'TIMEZONE; INDENT makes subtasks, PRIORITY 1–2 is high, 3–4 medium, DATE is kept when it reads as a date) as ' +
      'one new project named `name`. All or nothing, in one transaction; answers 201 with the counts. ' +
      '`?dryRun=true` checks and answers the counts (200) without creating anything. A bad CSV row is a 400 ' +
      'naming its line (`errors[].path`: "line 7"); a bad JSON field names its path. Send an Idempotency-Key to ' +
      'make retries safe (the same key with another upload is 422). Bodies over IMPORT_BODY_LIMIT_BYTES (10 MiB ' +
      'by default) are 413; the tasks count toward MAX_TASKS_PER_USER (409 beyond). Needs `tasks:write`; counts ' +
      'toward your write rate limit.',
    body: importDocumentSchema,
    bodyAlternatives: {
      'text/csv': {
        schema: { type: 'string', maxLength: 104_857_600, description: 'A Todoist project template.' },
        example: TODOIST_EXAMPLE,
      },
    },
    query: importQuerySchema,
    headers: ['Idempotency-Key'],
    responses: {
      201: { description: 'What was created.', schema: importResultSchema },
      200: {
        description: 'A dry run: what would be created.',
        schema: importResultSchema,
        example: { projects: 1, sections: 1, tasks: 2, dryRun: true },
      },
    },
    errors: [400, 401, 403, 409, 413, 415, 422, 429],
  })
  async importData(
    @CurrentUser() user: Principal,
    @Body() body: unknown,
    @Query(new ZodValidationPipe(importQuerySchema)) query: ImportQuery,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportResult> {
    const { status, result } = await this.portability.import(user.userId, body, query, idempotencyKey);
    void reply.status(status);
    return result;
  }
}
