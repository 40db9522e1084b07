import { z } from 'zod';
import { type FieldError, ValidationFailed } from '../common/app-errors.js';
import type { Principal } from '../common/principal.js';
import { type Problem, toProblem } from '../common/problem.js';
import { idempotencyKeySchema } from '../common/request-headers.js';
import { validate } from '../common/validate.js';
import { createTaskSchema, taskIdSchema, taskSchema, updateTaskSchema } from '../tasks/dto/task.schemas.js';
import { MAX_BATCH_ITEMS, TaskBatchFailed, type TaskWrite } from '../tasks/task-batch.js';
import {
  type AgentTool,
  type Json,
  jsonSchemaOf,
  problemJsonSchema,
  ToolAnswer,
  type ToolServices,
  withProperties,
} from './agent-tool.js';

/**
 * The batched writes. All or nothing, in two steps: every item is validated first by the REST schemas, and if any is
 * invalid nothing is written and each invalid item gets its own problem; then all items run in one transaction, and
 * if one fails there (a task not found, a stale version, a section of another project...) the transaction rolls back,
 * that item gets its problem and the others `skipped`. Each successful item reports its status and its task.
 */
type ItemStatus = 'created' | 'updated' | 'completed' | 'unchanged' | 'invalid' | 'failed' | 'skipped';
interface ItemResult {
  index: number;
  status: ItemStatus;
  task?: z.infer<typeof taskSchema>;
  problem?: Problem;
}

const batchArgs = z.object({ tasks: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) }).strict();
const createBatchArgs = batchArgs.extend({ idempotencyKey: idempotencyKeySchema.optional() }).strict();
const versionArg = taskSchema.shape.version.optional();
const refArgs = z.object({ id: taskIdSchema, version: versionArg }).strict();

const batchOutput: Json = {
  type: 'object',
  required: ['written', 'results', 'next'],
  properties: {
    written: {
      type: 'boolean',
      description: 'True: every item was written in one transaction. False: none was.',
    },
    results: {
      type: 'array',
      description: 'One entry per input item, in input order.',
      items: {
        type: 'object',
        required: ['index', 'status'],
        properties: {
          index: { type: 'integer', minimum: 0 },
          status: {
            type: 'string',
            enum: ['created', 'updated', 'completed', 'unchanged', 'invalid', 'failed', 'skipped'],
          },
          task: jsonSchemaOf(taskSchema, 'output'),
          problem: problemJsonSchema,
        },
        additionalProperties: false,
      },
    },
    next: { type: 'string', description: 'The next useful step.' },
  },
  additionalProperties: false,
};

const taskArray = (items: Json, what: string, extra: Record<string, Json> = {}): Json => ({
  type: 'object',
  required: ['tasks'],
  properties: {
    tasks: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items, description: what },
    ...extra,
  },
  additionalProperties: false,
});
const idempotencyProperty = {
  idempotencyKey: {
    ...jsonSchemaOf(idempotencyKeySchema),
    description:
      'Optional, as the Idempotency-Key header: a retry with the same key and tasks returns the first results and ' +
      'creates nothing new (the same key with other tasks fails).',
  },
};

const idProperty = { id: { ...jsonSchemaOf(taskIdSchema), description: 'The task id (UUID).' } };
const versionProperty = {
  version: {
    ...jsonSchemaOf(taskSchema.shape.version),
    description:
      'Optional: the version you last saw (as If-Match). A different current version fails the batch.',
  },
};

/** Runs every validation of one item and reports all their field errors at once, paths prefixed `tasks.<index>.`. */
function validateItem<T>(index: number, parse: () => T): T | FieldError[] {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return (error.errors ?? []).map(({ path, message }) => ({
      path: path === '(body)' ? `tasks.${index}` : `tasks.${index}.${path}`,
      message,
    }));
  }
}

const problemOf = (error: unknown): Problem => ({ ...toProblem(error).problem, instance: '/mcp' });

const STATUS: Record<TaskWrite['kind'], ItemStatus> = {
  create: 'created',
  update: 'updated',
  complete: 'completed',
};

async function runBatch(
  principal: Principal,
  args: Json,
  services: ToolServices,
  parse: (item: unknown, index: number) => TaskWrite | FieldError[],
  idempotent = false,
): Promise<ToolAnswer> {
  const { tasks: items, idempotencyKey } = idempotent
    ? validate(createBatchArgs, args)
    : { ...validate(batchArgs, args), idempotencyKey: undefined };
  const parsed = items.map((item, index) => parse(item, index));
  if (parsed.some(Array.isArray)) {
    const results = parsed.map((item, index): ItemResult => {
      if (!Array.isArray(item)) return { index, status: 'skipped' };
      return { index, status: 'invalid', problem: problemOf(new ValidationFailed(item)) };
    });
    const next =
      'Nothing was written. Fix the items marked invalid (each problem names its fields) and send the whole batch again.';
    return new ToolAnswer({ written: false, results, next }, true);
  }
  const writes = parsed as TaskWrite[];
  for (const write of writes)
    if (write.kind === 'create') await services.taskQuota.assertRoom(principal.userId);
  try {
    const written = await services.tasks.writeMany(principal.userId, writes, idempotencyKey);
    const results = written.map(({ task, changed }, index): ItemResult => ({
      index,
      status: changed ? STATUS[writes[index]!.kind] : 'unchanged',
      task,
    }));
    const next =
      'Next: updateTasks or completeTasks with these ids (and versions); findTasks shows them among the others.';
    return new ToolAnswer({ written: true, results, next }, false);
  } catch (error) {
    if (!(error instanceof TaskBatchFailed)) throw error;
    // A bug or an outage is not the item's fault: it becomes the call's generic problem (logged with its stack).
    if (toProblem(error.cause).unexpected) throw error.cause;
    const results = writes.map((_write, index): ItemResult =>
      index === error.index
        ? { index, status: 'failed', problem: problemOf(error.cause) }
        : { index, status: 'skipped' },
    );
    const next = `Nothing was written: item ${error.index} failed (see its problem). Fix or drop it and send the batch again.`;
    return new ToolAnswer({ written: false, results, next }, true);
  }
}

export const batchTools = (): AgentTool[] => [
  {
    name: 'createTasks',
    description:
      `Creates 1 to ${MAX_BATCH_ITEMS} tasks in one transaction, each validated as POST /api/v1/tasks validates it ` +
      '(default project: your Inbox). All or nothing: if any item is invalid or fails, nothing is written and the ' +
      'result names that item and why. Results come back in input order with each new task. Send an ' +
      'idempotencyKey to make a retry safe.',
    inputSchema: taskArray(
      jsonSchemaOf(createTaskSchema),
      'The tasks to create, as createTask takes them.',
      idempotencyProperty,
    ),
    outputSchema: batchOutput,
    // Adds tasks; a repeat without an idempotency key adds them again.
    annotations: {
      title: 'Create several tasks',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run: (principal, args, services) =>
      runBatch(
        principal,
        args,
        services,
        (item, index) => {
          const input = validateItem(index, () => validate(createTaskSchema, item));
          return Array.isArray(input) ? input : { kind: 'create', input };
        },
        true,
      ),
  },
  {
    name: 'updateTasks',
    description:
      `Changes 1 to ${MAX_BATCH_ITEMS} of your tasks in one transaction, each item an id, an optional version (as ` +
      'If-Match) and the fields to change, validated as PATCH /api/v1/tasks/{id} validates them. All or nothing: ' +
      'if any item is invalid, not found or at another version, nothing is written and the result names it.',
    inputSchema: taskArray(
      withProperties(jsonSchemaOf(updateTaskSchema), { ...idProperty, ...versionProperty }, ['id']),
      'The changes, one task each, as updateTask takes them.',
    ),
    outputSchema: batchOutput,
    // Overwrites fields and bumps versions on every call.
    annotations: {
      title: 'Update several tasks',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run: (principal, args, services) =>
      runBatch(principal, args, services, (item, index) => {
        const { id, version, ...changes } = (item && typeof item === 'object' ? item : {}) as Json;
        const errors: FieldError[] = [];
        const parts = [
          validateItem(index, () => validate(taskIdSchema, id, 'id')),
          validateItem(index, () => validate(versionArg, version, 'version')),
          validateItem(index, () => validate(updateTaskSchema, changes)),
        ];
        for (const part of parts) if (Array.isArray(part)) errors.push(...part);
        if (errors.length > 0) return errors;
        const [taskId, expected, input] = parts as [
          string,
          number | undefined,
          z.infer<typeof updateTaskSchema>,
        ];
        return { kind: 'update', id: taskId, input, version: expected };
      }),
  },
  {
    name: 'completeTasks',
    description:
      `Completes 1 to ${MAX_BATCH_ITEMS} of your tasks in one transaction (as completeTask: a recurring task gets ` +
      'its next occurrence, subtasks are completed with their parent, an already completed task is `unchanged`). ' +
      'All or nothing: if any item is not found or at another version, nothing is written and the result names it.',
    inputSchema: taskArray(
      {
        type: 'object',
        properties: { ...idProperty, ...versionProperty },
        required: ['id'],
        additionalProperties: false,
      },
      'The tasks to complete.',
    ),
    outputSchema: batchOutput,
    // Adds completions (and next occurrences) but erases nothing; a repeat finds them completed and changes nothing.
    annotations: {
      title: 'Complete several tasks',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: 'tasks:write',
    run: (principal, args, services) =>
      runBatch(principal, args, services, (item, index) => {
        const ref = validateItem(index, () => validate(refArgs, item));
        return Array.isArray(ref) ? ref : { kind: 'complete', id: ref.id, version: ref.version };
      }),
  },
];
