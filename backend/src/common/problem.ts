import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { AppError, type FieldError, ServiceUnavailable } from './app-errors.js';
import { isDependencyUnavailable } from './dependency-unavailable.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: FieldError[];
}

export interface MappedProblem {
  problem: Omit<Problem, 'instance' | 'requestId'>;
  headers: Record<string, string>;
  /** True when the cause is a bug or an outage, to be logged with its stack. */
  unexpected: boolean;
}

const typeFor = (slug: string) => `/problems/${slug}`;

/** Long enough for a restarted database or a drained pool to come back, short enough not to lose the client. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

// Fastify's own errors (body parsing, content types) carry a statusCode and a code.
const FASTIFY_CODES: Record<string, { slug: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    slug: 'payload-too-large',
    detail: 'The request body exceeds the size limit.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    detail: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'validation-error', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'validation-error', detail: 'The body is not valid JSON.' },
};

/** Maps anything thrown during a request to an RFC 9457 problem, never leaking internals. */
export function toProblem(error: unknown): MappedProblem {
  if (!(error instanceof AppError) && isDependencyUnavailable(error)) {
    return toProblem(
      new ServiceUnavailable('The database is unavailable; retry shortly.', DATABASE_RETRY_AFTER_SECONDS),
    );
  }
  if (error instanceof AppError) {
    return {
      problem: {
        type: typeFor(error.slug),
        title: error.title,
        status: error.status,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      },
      headers: error.headers,
      unexpected: false,
    };
  }
  if (error instanceof HttpException) return fromStatus(error.getStatus(), messageOf(error));

  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (error as { code?: string }).code ?? '';
    const known = FASTIFY_CODES[code];
    if (known) return build(status, known.slug, known.detail);
    if (error instanceof SyntaxError) return build(400, 'validation-error', 'The body is not valid JSON.');
    return fromStatus(status, (error as Error).message);
  }
  return { ...build(500, 'internal', 'An unexpected error occurred. It has been logged.'), unexpected: true };
}

/** The problem for a bare status: its HTTP reason phrase as the title, the phrase's slug as the type. */
export function fromStatus(status: number, detail: string): MappedProblem {
  const slug = (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
  return build(status, slug, detail);
}

function build(status: number, slug: string, detail: string): MappedProblem {
  return {
    problem: { type: typeFor(slug), title: STATUS_CODES[status] ?? 'Error', status, detail },
    headers: {},
    unexpected: status >= 500,
  };
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
