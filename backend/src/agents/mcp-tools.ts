import type { LoggerService } from '@nestjs/common';
import { z } from 'zod';
import { assertPermitted, type Principal, TOKEN_SCOPES } from '../common/principal.js';
import { idempotencyKeySchema } from '../common/request-headers.js';
import { reportProblem } from '../common/send-problem.js';
import { validate } from '../common/validate.js';
import { endpointSpecs } from '../openapi/api-endpoint.js';
import {
  createProjectSchema,
  projectIdSchema,
  projectPageQuerySchema,
  projectPageSchema,
  projectSchema,
} from '../projects/dto/project.schemas.js';
import { createSectionSchema, sectionPageSchema, sectionSchema } from '../sections/dto/section.schemas.js';
import {
  createTaskSchema,
  listTasksQuerySchema,
  moveTaskSchema,
  type Task,
  taskIdSchema,
  taskPageSchema,
  taskSchema,
  updateTaskSchema,
} from '../tasks/dto/task.schemas.js';
import { quickAddTaskSchema } from '../tasks/dto/quick-add.schemas.js';
import { userSchema } from '../users/dto/user.schemas.js';
import {
  type AgentTool,
  type Json,
  jsonSchemaOf,
  ToolAnswer,
  type ToolServices,
  withProperties,
} from './agent-tool.js';
import { batchTools } from './mcp-batch-tools.js';
import { searchTools } from './mcp-search-tools.js';

export type { AgentTool, ToolServices } from './agent-tool.js';

// What the tools answer: the REST responses' own schemas.
const taskOutput = jsonSchemaOf(taskSchema, 'output');
const whoamiOutput: Json = {
  type: 'object',
  required: ['user', 'via', 'scopes'],
  properties: {
    user: jsonSchemaOf(userSchema, 'output'),
    via: { type: 'string', enum: ['session', 'personal-access-token', 'oauth'] },
    scopes: { type: 'array', items: { type: 'string', enum: [...TOKEN_SCOPES] } },
  },
  additionalProperties: false,
};
const trashedOutput: Json = {
  type: 'object',
  required: ['id', 'trashed'],
  properties: { id: { type: 'string', format: 'uuid' }, trashed: { const: true } },
  additionalProperties: false,
};
const nextForTask = (task: Task) =>
  `Next: completeTask or updateTask with id ${task.id} (version ${task.version}); findTasks lists others.`;

// Argument schemas are the API's own (path id, task version, Idempotency-Key), with the tools' wording.
const idProperty = { id: { ...jsonSchemaOf(taskIdSchema), description: 'The task id (UUID).' } };
const versionProperty = {
  version: {
    ...jsonSchemaOf(taskSchema.shape.version),
    description:
      'Optional: the version you last saw (as If-Match). A different current version fails and changes nothing.',
  },
};
const idempotencyProperty = {
  idempotencyKey: {
    ...jsonSchemaOf(idempotencyKeySchema),
    description:
      'Optional, as the Idempotency-Key header: a retry with the same key and input creates nothing new.',
  },
};

// Query strings carry booleans and numbers as text on REST; tools take the same strings, validated the same way.
const listInput = jsonSchemaOf(listTasksQuerySchema);
(listInput.properties as Record<string, Json>).limit = {
  ...(listInput.properties as Record<string, Json>).limit,
  type: 'integer',
};

const projectListInput = jsonSchemaOf(projectPageQuerySchema);
(projectListInput.properties as Record<string, Json>).limit = {
  ...(projectListInput.properties as Record<string, Json>).limit,
  type: 'integer',
};
const projectIdProperty = {
  projectId: { ...jsonSchemaOf(projectIdSchema), description: 'The project id (UUID).' },
};
const projectArgs = z.object({ projectId: projectIdSchema }).strict();

const describe = (operationId: string, extra = '') =>
  `${endpointSpecs.get(operationId)?.description ?? ''}${extra}`.trim();

const idArgs = z.object({ id: taskIdSchema }).strict();
const versionArg = taskSchema.shape.version.optional();

/** The tools, built after the controllers have declared their endpoint specs (descriptions come from there). */
export const agentTools = (): AgentTool[] => [
  {
    name: 'whoami',
    description: describe(
      'getCurrentUser',
      ' Also tells how the caller is authenticated and with which scopes.',
    ),
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: whoamiOutput,
    annotations: {
      title: 'Who am I',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'any',
    async run(principal, _args, { users }) {
      return { user: await users.get(principal.userId), via: principal.via, scopes: principal.scopes };
    },
  },
  {
    name: 'listTasks',
    description: describe('listTasks'),
    inputSchema: listInput,
    outputSchema: jsonSchemaOf(taskPageSchema, 'output'),
    next: ({ nextCursor }: { nextCursor: string | null }) =>
      nextCursor
        ? `Next: listTasks with the same filters and cursor "${nextCursor}" for the next page.`
        : undefined,
    annotations: {
      title: 'List tasks',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:read',
    run: (principal, args, { tasks }) => tasks.list(principal.userId, validate(listTasksQuerySchema, args)),
  },
  {
    name: 'getTask',
    description: describe('getTask'),
    inputSchema: { type: 'object', properties: idProperty, required: ['id'], additionalProperties: false },
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Get a task',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:read',
    run: (principal, args, { tasks }) => tasks.get(principal.userId, validate(idArgs, args).id),
  },
  {
    name: 'createTask',
    description: describe('createTask'),
    inputSchema: withProperties(jsonSchemaOf(createTaskSchema), idempotencyProperty, []),
    // Each call without an idempotency key creates another task.
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Create a task',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    async run(principal, args, { tasks, taskQuota }) {
      const { idempotencyKey, ...body } = args;
      const key = validate(idempotencyKeySchema.optional(), idempotencyKey, 'idempotencyKey');
      await taskQuota.assertRoom(principal.userId);
      return (await tasks.create(principal.userId, validate(createTaskSchema, body), key)).task;
    },
  },
  {
    name: 'quickAddTask',
    description: describe('quickAddTask'),
    inputSchema: withProperties(jsonSchemaOf(quickAddTaskSchema), idempotencyProperty, []),
    // Like createTask: each call without an idempotency key creates another task.
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Create a task from quick-add text',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    async run(principal, args, { tasks, taskQuota }) {
      const { idempotencyKey, ...body } = args;
      const key = validate(idempotencyKeySchema.optional(), idempotencyKey, 'idempotencyKey');
      const input = validate(quickAddTaskSchema, body);
      await taskQuota.assertRoom(principal.userId);
      return (await tasks.quickAdd(principal.userId, input, key)).task;
    },
  },
  {
    name: 'updateTask',
    description: describe('updateTask'),
    inputSchema: withProperties(jsonSchemaOf(updateTaskSchema), { ...idProperty, ...versionProperty }, [
      'id',
    ]),
    // Overwrites fields (destructive) and bumps the version on every call (not idempotent).
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Update a task',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run(principal, args, { tasks }) {
      const { id, version, ...changes } = args;
      return tasks.update(
        principal.userId,
        validate(taskIdSchema, id, 'id'),
        validate(updateTaskSchema, changes),
        validate(versionArg, version, 'version'),
      );
    },
  },
  {
    name: 'completeTask',
    description:
      'Marks one of your tasks completed and returns it. A recurring task also gets its next occurrence, due one ' +
      'period later. Completing a task that is already completed changes nothing and returns it as it is.',
    inputSchema: {
      type: 'object',
      properties: { ...idProperty, ...versionProperty },
      required: ['id'],
      additionalProperties: false,
    },
    // Adds a completion (and maybe the next occurrence) but erases nothing; a second call changes nothing.
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Complete a task',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    async run(principal, args, { tasks }) {
      const id = validate(taskIdSchema, args.id, 'id');
      const version = validate(versionArg, args.version, 'version');
      const current = await tasks.get(principal.userId, id);
      if (current.completed && (version === undefined || version === current.version)) return current;
      return tasks.update(principal.userId, id, { completed: true }, version);
    },
  },
  {
    name: 'deleteTask',
    description: describe('deleteTask'),
    inputSchema: { type: 'object', properties: idProperty, required: ['id'], additionalProperties: false },
    // Removes the task from every list (recoverable for 30 days with restoreTask); a second call only fails.
    outputSchema: trashedOutput,
    next: ({ id }: { id: string }) => `Next: restoreTask with id ${id} brings it back within 30 days.`,
    annotations: {
      title: 'Move a task to the trash',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    async run(principal, args, { tasks }) {
      const { id } = validate(idArgs, args);
      await tasks.trash(principal.userId, id);
      return { id, trashed: true };
    },
  },
  {
    name: 'moveTask',
    description: describe('moveTask'),
    inputSchema: withProperties(jsonSchemaOf(moveTaskSchema), idProperty, ['id']),
    // Replaces where the task was (project, section, parent, order): not additive, and a repeat moves it again.
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Move or reorder a task',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run(principal, args, { tasks }) {
      const { id, ...body } = args;
      return tasks.move(principal.userId, validate(taskIdSchema, id, 'id'), validate(moveTaskSchema, body));
    },
  },
  {
    name: 'listProjects',
    description: describe(
      'listProjects',
      ' Use a project id as `projectId` of createTask, listTasks or moveTask.',
    ),
    inputSchema: projectListInput,
    outputSchema: jsonSchemaOf(projectPageSchema, 'output'),
    annotations: {
      title: 'List projects',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:read',
    run: (principal, args, { projects }) =>
      projects.list(principal.userId, validate(projectPageQuerySchema, args)),
  },
  {
    name: 'createProject',
    description: describe('createProject'),
    inputSchema: jsonSchemaOf(createProjectSchema),
    outputSchema: jsonSchemaOf(projectSchema, 'output'),
    next: ({ id }: { id: string }) =>
      `Next: createTasks with projectId ${id} fills it; createSection divides it.`,
    annotations: {
      title: 'Create a project',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run: (principal, args, { projects }) =>
      projects.create(principal.userId, validate(createProjectSchema, args)),
  },
  {
    name: 'listSections',
    description: describe('listSections', ' Use a section id as `sectionId` of createTask or moveTask.'),
    inputSchema: {
      type: 'object',
      properties: projectIdProperty,
      required: ['projectId'],
      additionalProperties: false,
    },
    outputSchema: jsonSchemaOf(sectionPageSchema, 'output'),
    annotations: {
      title: 'List the sections of a project',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:read',
    run: (principal, args, { sections }) =>
      sections.list(principal.userId, validate(projectArgs, args).projectId),
  },
  {
    name: 'createSection',
    description: describe('createSection'),
    inputSchema: withProperties(jsonSchemaOf(createSectionSchema), projectIdProperty, ['projectId']),
    outputSchema: jsonSchemaOf(sectionSchema, 'output'),
    annotations: {
      title: 'Create a section',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run(principal, args, { sections }) {
      const { projectId, ...body } = args;
      return sections.create(
        principal.userId,
        validate(projectIdSchema, projectId, 'projectId'),
        validate(createSectionSchema, body),
      );
    },
  },
  {
    name: 'restoreTask',
    description: describe('restoreTask'),
    inputSchema: { type: 'object', properties: idProperty, required: ['id'], additionalProperties: false },
    outputSchema: taskOutput,
    next: nextForTask,
    annotations: {
      title: 'Restore a trashed task',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run: (principal, args, { trash }) => trash.restore(principal.userId, validate(idArgs, args).id),
  },
  ...batchTools(),
  ...searchTools(),
];

type TextBlock = { type: 'text'; text: string };

/**
 * Runs a tool for the token's user. A result goes out twice, as `structuredContent` (checked against the tool's
 * outputSchema) and as JSON text for clients older than structured output (MCP 2025-06-18), then the next step.
 * Every failure comes back as an MCP tool error carrying the problem+json body REST would send; an unexpected one is
 * logged with the request id and reaches the agent only as the generic problem.
 */
export async function callTool(
  tool: AgentTool,
  principal: Principal,
  args: Json,
  services: ToolServices,
  context: { requestId: string; logger: LoggerService },
): Promise<{ content: TextBlock[]; structuredContent?: Json; isError?: boolean }> {
  try {
    assertPermitted(principal, tool.scope);
    const result = await tool.run(principal, args, services);
    if (result instanceof ToolAnswer) {
      const text = JSON.stringify(result.structured);
      return {
        content: [{ type: 'text', text }],
        structuredContent: result.structured,
        isError: result.isError,
      };
    }
    const next = tool.next?.(result as never);
    return {
      content: [
        { type: 'text', text: JSON.stringify(result) },
        ...(next ? [{ type: 'text' as const, text: next }] : []),
      ],
      structuredContent: result as Json,
    };
  } catch (error) {
    const where = { instance: '/mcp', requestId: context.requestId, route: `/mcp ${tool.name}` };
    const { body } = reportProblem(error, where, context.logger);
    return { content: [{ type: 'text', text: JSON.stringify(body) }], isError: true };
  }
}
