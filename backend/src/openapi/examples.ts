import { STATUS_CODES } from 'node:http';

type Json = Record<string, unknown>;

const EXAMPLE_TASK_ID = '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b';

// One realistic problem per status, with the wording the server really uses (see common/app-errors.ts).
const PROBLEMS: Record<number, { slug: string; title: string; detail: string; errors?: Json[] }> = {
  400: {
    slug: 'validation-error',
    title: 'Your request is not valid',
    detail: 'The request is not valid; see `errors` for each offending field.',
    errors: [{ path: 'title', message: 'Too small: expected string to have >=1 characters' }],
  },
  401: { slug: 'unauthorized', title: 'Unauthorized', detail: 'A valid bearer token is required.' },
  403: {
    slug: 'forbidden',
    title: 'Forbidden',
    detail: 'This personal access token lacks the `tasks:write` scope.',
  },
  404: { slug: 'not-found', title: 'Not found', detail: 'Task was not found.' },
  409: { slug: 'conflict', title: 'Conflict', detail: 'An account with this email already exists.' },
  412: {
    slug: 'precondition-failed',
    title: 'Precondition failed',
    detail: 'The task is at version 4, not 3; fetch it again and reapply your change.',
  },
  413: {
    slug: 'payload-too-large',
    title: 'Payload Too Large',
    detail: 'The request body exceeds the size limit.',
  },
  415: {
    slug: 'unsupported-media-type',
    title: 'Unsupported Media Type',
    detail: 'Send the request body as application/json.',
  },
  422: {
    slug: 'idempotency-key-reused',
    title: 'Unprocessable request',
    detail: 'This Idempotency-Key was already used with a different request body.',
  },
  429: {
    slug: 'too-many-requests',
    title: 'Too many requests',
    detail: 'Too many attempts; try again in 42 seconds.',
  },
  500: {
    slug: 'internal',
    title: 'Internal Server Error',
    detail: 'An unexpected error occurred. It has been logged.',
  },
  503: {
    slug: 'service-unavailable',
    title: 'Service unavailable',
    detail: 'The database is unavailable; retry shortly.',
  },
};

/** An example problem+json body for a status of the operation at `path`. */
export function problemExample(status: number, path: string): Json {
  const known = PROBLEMS[status] ?? {
    slug: (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-'),
    title: STATUS_CODES[status] ?? 'Error',
    detail: STATUS_CODES[status] ?? 'Error',
  };
  return {
    type: `/problems/${known.slug}`,
    title: known.title,
    status,
    detail: known.detail,
    instance: path.replace(/\{[^}]+\}/g, EXAMPLE_TASK_ID),
    requestId: 'req-7f3a9c2e',
    ...(known.errors ? { errors: known.errors } : {}),
  };
}

/** The first `examples` entry of a component schema, used as the operation-level example. */
export function componentExample(schemas: Json, name: string): unknown {
  const examples = (schemas[name] as Json | undefined)?.examples;
  return Array.isArray(examples) ? examples[0] : undefined;
}
