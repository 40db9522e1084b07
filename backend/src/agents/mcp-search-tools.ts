import { z } from 'zod';
import { validate } from '../common/validate.js';
import { listTasksQuerySchema, type Task, taskIdSchema, taskSchema } from '../tasks/dto/task.schemas.js';
import { type AgentTool, type Json, jsonSchemaOf } from './agent-tool.js';

const readOnly = (title: string) =>
  ({
    title,
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  }) as const;

/**
 * findTasks takes REST's list query (GET /api/v1/tasks) itself: the same filters, bounds and sort, validated by the
 * same schema. Only the JSON types differ where a query string has none: `completed` may be a boolean and `limit` a
 * number, converted to what the query schema reads before it validates.
 */
const findInput = jsonSchemaOf(listTasksQuerySchema);
const findProperties = findInput.properties as Record<string, Json>;
findProperties.completed = {
  anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }],
  description: 'Only completed (true) or open (false) tasks.',
};
findProperties.limit = { ...findProperties.limit, type: 'integer' };

const findOutput: Json = {
  type: 'object',
  required: ['items', 'nextCursor', 'next'],
  properties: {
    ...(jsonSchemaOf(z.object({ items: taskSchema.array(), nextCursor: z.string().nullable() }), 'output')
      .properties as Json),
    next: { type: 'string', description: 'The next useful step.' },
  },
  additionalProperties: false,
};

function nextAfterFind(items: Task[], nextCursor: string | null): string {
  if (items.length === 0) return 'No task matches: loosen the filters (or search by text), or createTasks.';
  const more = nextCursor
    ? `Call findTasks again with the same filters and cursor "${nextCursor}" for more. `
    : '';
  return `${more}Next: completeTasks or updateTasks with these ids (and versions), or getTask for one.`;
}

// The search and fetch pair hosted chat clients call (ChatGPT connectors and deep research): search(query) →
// { results: [{ id, title, url }] }, fetch(id) → { id, title, text, url, metadata }, each as one JSON text block.
const searchArgs = z.object({ query: listTasksQuerySchema.shape.q.unwrap() }).strict();
const fetchArgs = z.object({ id: taskIdSchema }).strict();
const SEARCH_RESULTS = 20;

const searchOutput: Json = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      maxItems: SEARCH_RESULTS,
      items: {
        type: 'object',
        required: ['id', 'title', 'url'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          title: { type: 'string' },
          url: { type: 'string', format: 'uri' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
const fetchOutput: Json = {
  type: 'object',
  required: ['id', 'title', 'text', 'url', 'metadata'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    text: { type: 'string', description: 'The task as readable text: status, dates, tags, notes.' },
    url: { type: 'string', format: 'uri' },
    metadata: { type: 'object', description: 'The task’s fields (as getTask returns them) beside the text.' },
  },
  additionalProperties: false,
};

/** A task as a document for a chat client to read and cite. */
function taskText(task: Task): string {
  const lines = [
    task.title,
    `Status: ${task.completed ? `completed ${task.completedAt ?? ''}`.trim() : 'open'}`,
    `Priority: ${task.priority}`,
  ];
  if (task.dueAt) lines.push(`Due: ${task.dueAt}`);
  if (task.remindAt) lines.push(`Reminder: ${task.remindAt}`);
  if (task.recurrence) lines.push(`Repeats: ${task.recurrence}`);
  if (task.tags.length > 0) lines.push(`Tags: ${task.tags.join(', ')}`);
  if (task.description) lines.push('', task.description);
  return lines.join('\n');
}

export const searchTools = (): AgentTool[] => [
  {
    name: 'findTasks',
    description:
      'Finds your tasks by the filters of GET /api/v1/tasks (completed, priority, tag, q text search, dueBefore, ' +
      'dueAfter, projectId, sectionId, parentId, assignee, sort, limit, cursor), one page at a time. The result ' +
      'names the next step: the cursor for more, or the batch tools for what was found.',
    inputSchema: findInput,
    outputSchema: findOutput,
    annotations: readOnly('Find tasks'),
    scope: 'tasks:read',
    async run(principal, args, { tasks }) {
      const completed = typeof args.completed === 'boolean' ? String(args.completed) : args.completed;
      const query = validate(listTasksQuerySchema, {
        ...args,
        ...(completed === undefined ? {} : { completed }),
      });
      const page = await tasks.list(principal.userId, query);
      return { ...page, next: nextAfterFind(page.items, page.nextCursor) };
    },
  },
  {
    name: 'search',
    description:
      'Searches your tasks by text (title and description, case-insensitive), newest first, up to ' +
      `${SEARCH_RESULTS} results of { id, title, url }. Pass a result's id to fetch for the whole task.`,
    inputSchema: {
      type: 'object',
      properties: { query: { ...jsonSchemaOf(searchArgs.shape.query), description: 'Words to look for.' } },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: searchOutput,
    annotations: readOnly('Search tasks'),
    scope: 'tasks:read',
    async run(principal, args, { tasks, taskUrl }) {
      const { query } = validate(searchArgs, args);
      const page = await tasks.list(
        principal.userId,
        validate(listTasksQuerySchema, { q: query, limit: SEARCH_RESULTS }),
      );
      return { results: page.items.map(({ id, title }) => ({ id, title, url: taskUrl(id) })) };
    },
  },
  {
    name: 'fetch',
    description:
      'Fetches one of your tasks by the id a search result gave, as a document: { id, title, text, url, metadata }.',
    inputSchema: {
      type: 'object',
      properties: { id: { ...jsonSchemaOf(taskIdSchema), description: 'The task id from search (UUID).' } },
      required: ['id'],
      additionalProperties: false,
    },
    outputSchema: fetchOutput,
    annotations: readOnly('Fetch a task'),
    scope: 'tasks:read',
    async run(principal, args, { tasks, taskUrl }) {
      const task = await tasks.get(principal.userId, validate(fetchArgs, args).id);
      return { id: task.id, title: task.title, text: taskText(task), url: taskUrl(task.id), metadata: task };
    },
  },
];
