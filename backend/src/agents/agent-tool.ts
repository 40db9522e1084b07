import { z } from 'zod';
import type { Principal, ScopeRequirement } from '../common/principal.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { TaskQuota } from '../tasks/task-quota.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { TrashService } from '../trash/trash.service.js';
import type { UsersService } from '../users/users.service.js';

export type Json = Record<string, unknown>;

export interface ToolServices {
  tasks: TasksService;
  trash: TrashService;
  users: UsersService;
  taskQuota: TaskQuota;
  projects: ProjectsService;
  sections: SectionsService;
  /** Where a person opens a task in the web app (search and fetch cite it). */
  taskUrl(id: string): string;
}

/**
 * MCP tool annotations (hints for the client, spec revisions 2025-03-26 to 2026-07-28): `readOnlyHint` — changes
 * nothing; `destructiveHint` — may overwrite or remove what exists (false: only adds); `idempotentHint` — repeating
 * the same call has no further effect. Every tool here works on the caller's own data only, so `openWorldHint` is false.
 */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: false;
}

/** A tool's answer when it is more than its structured result: a batch that wrote nothing is a tool error. */
export class ToolAnswer {
  constructor(
    readonly structured: Json,
    readonly isError: boolean,
  ) {}
}

export interface AgentTool {
  name: string;
  description: string;
  inputSchema: Json;
  /** JSON Schema (type object) of `structuredContent`; the SDK client validates every result against it. */
  outputSchema: Json;
  annotations: ToolAnnotations;
  /** What a personal access token needs, checked by the REST routes' own rule (assertPermitted). */
  scope: ScopeRequirement;
  /**
   * The next useful step after a success, for the model: sent as a second text block, so `structuredContent` stays
   * the REST shape. Tools whose result carries its own `next` (and search/fetch, whose shape is fixed) have none.
   */
  next?(result: never): string | undefined;
  run(principal: Principal, args: Json, services: ToolServices): Promise<unknown>;
}

/** JSON Schema of a zod schema, the conversion that builds the OpenAPI components: as sent, or as answered. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

/** Merges an object schema's properties under extra leading properties (e.g. the task id). */
export function withProperties(base: Json, extra: Record<string, Json>, required: string[]): Json {
  return {
    ...base,
    type: 'object',
    properties: { ...extra, ...(base.properties as Json) },
    required: [...required, ...((base.required as string[] | undefined) ?? [])],
    additionalProperties: false,
  };
}

/** An RFC 9457 problem as the tools report it (the REST error body, with the request id). */
export const problemJsonSchema: Json = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};
