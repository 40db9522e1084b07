import type { LoggerService } from '@nestjs/common';
import { z } from 'zod';
import { assertPermitted, type Principal, type ScopeRequirement } from '../common/principal.js';
import { idempotencyKeySchema } from '../common/request-headers.js';
import { reportProblem } from '../common/send-problem.js';
import { validate } from '../common/validate.js';
import { endpointSpecs } from '../openapi/api-endpoint.js';
import {
  createProjectSchema,
  projectIdSchema,
  projectPageQuerySchema,
} from '../projects/dto/project.schemas.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { createSectionSchema } from '../sections/dto/section.schemas.js';
import type { SectionsService } from '../sections/sections.service.js';
import {
  createTaskSchema,
  listTasksQuerySchema,
  moveTaskSchema,
  taskIdSchema,
  taskSchema,
  updateTaskSchema,
} from '../tasks/dto/task.schemas.js';
import { quickAddTaskSchema } from '../tasks/dto/quick-add.schemas.js';
import type { TaskQuota } from '../tasks/task-quota.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { TrashService } from '../trash/trash.service.js';
import type { UsersService } from '../users/users.service.js';

type Json = Record<string, unknown>;

export interface ToolServices {
  tasks: TasksService;
  trash: TrashService;
  users: UsersService;
  taskQuota: TaskQuota;
  projects: ProjectsService;
  sections: SectionsService;
}

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: false;
}

export interface AgentTool {
  name: string;
  description: string;
  inputSchema: Json;
  annotations: ToolAnnotations;
  /** What a personal access token needs, checked by the REST routes' own rule (assertPermitted). */
  scope: ScopeRequirement;
  run(principal: Principal, args: Json, services: ToolServices): Promise<unknown>;
}

/** JSON Schema of what a client sends for a zod schema: the same conversion that builds the OpenAPI components. */
function inputSchemaOf(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  delete json.$schema;
  return json;
}

/** Merges an object schema's properties under extra leading properties (e.g. the task id). */
function withProperties(base: Json, extra: Record<string, Json>, required: string[]): Json {
  return {
    ...base,
    type: 'object',
    properties: { ...extra, ...(base.properties as Json) },
    required: [...required, ...((base.required as string[] | undefined) ?? [])],
    additionalProperties: false,
  };
}

// Argument schemas are the API's own (path id, task version, Idempotency-Key), with the tools' wording.
const idProperty = { id: { ...inputSchemaOf(taskIdSchema), description: 'The task id (UUID).' } };
const versionProperty = {
  version: {
    ...inputSchemaOf(taskSchema.shape.version),
    description:
      'Optional: the version you last saw (as If-Match). A different current version fails and changes nothing.',
  },
};
const idempotencyProperty = {
  idempotencyKey: {
    ...inputSchemaOf(idempotencyKeySchema),
    description:
      'Optional, as the Idempotency-Key header: a retry with the same key and input creates nothing new.',
  },
};

// Query strings carry booleans and numbers as text on REST; tools take the same strings, validated the same way.
const listInput = inputSchemaOf(listTasksQuerySchema);
(listInput.properties as Record<string, Json>).limit = {
  ...(listInput.properties as Record<string, Json>).limit,
  type: 'integer',
};

const projectListInput = inputSchemaOf(projectPageQuerySchema);
(projectListInput.properties as Record<string, Json>).limit = {
  ...(projectListInput.properties as Record<string, Json>).limit,
  type: 'integer',
};
const projectIdProperty = {
  projectId: { ...inputSchemaOf(projectIdSchema), description: 'The project id (UUID).' },
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
    inputSchema: withProperties(inputSchemaOf(createTaskSchema), idempotencyProperty, []),
    // Each call without an idempotency key creates another task.
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
    inputSchema: withProperties(inputSchemaOf(quickAddTaskSchema), idempotencyProperty, []),
    // Like createTask: each call without an idempotency key creates another task.
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
    inputSchema: withProperties(inputSchemaOf(updateTaskSchema), { ...idProperty, ...versionProperty }, [
      'id',
    ]),
    // Overwrites fields (destructive) and bumps the version on every call (not idempotent).
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
    inputSchema: withProperties(inputSchemaOf(moveTaskSchema), idProperty, ['id']),
    // Changes where the task is (its order key and version move on every call).
    annotations: {
      title: 'Move or reorder a task',
      readOnlyHint: false,
      destructiveHint: false,
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
    inputSchema: inputSchemaOf(createProjectSchema),
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
    inputSchema: withProperties(inputSchemaOf(createSectionSchema), projectIdProperty, ['projectId']),
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
];

/**
 * Runs a tool for the token's user. Every failure comes back as an MCP tool error carrying the problem+json body
 * REST would send; an unexpected one is logged with the request id and reaches the agent only as the generic problem.
 */
export async function callTool(
  tool: AgentTool,
  principal: Principal,
  args: Json,
  services: ToolServices,
  context: { requestId: string; logger: LoggerService },
): Promise<{ content: { type: 'text'; text: string }[]; structuredContent?: Json; isError?: boolean }> {
  try {
    assertPermitted(principal, tool.scope);
    const result = await tool.run(principal, args, services);
    return {
      content: [{ type: 'text', text: JSON.stringify(result) }],
      structuredContent: result as Json,
    };
  } catch (error) {
    const where = { instance: '/mcp', requestId: context.requestId, route: `/mcp ${tool.name}` };
    const { body } = reportProblem(error, where, context.logger);
    return { content: [{ type: 'text', text: JSON.stringify(body) }], isError: true };
  }
}
