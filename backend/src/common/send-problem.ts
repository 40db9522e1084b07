import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/**
 * The problem for anything thrown while serving a request or a tool call, logged once with the request id (with
 * its stack when unexpected). Unexpected errors keep their text in the log: the caller gets the generic problem.
 */
export function reportProblem(
  error: unknown,
  where: { instance: string; requestId: string; route: string },
  logger: LoggerService,
): { body: Problem; headers: Record<string, string> } {
  const { problem, headers, unexpected } = toProblem(error);
  const body: Problem = { ...problem, instance: where.instance, requestId: where.requestId };
  const context = { problemType: body.type, route: where.route, requestId: body.requestId };
  if (unexpected) logger.error({ err: error, ...context }, 'request failed');
  else if (body.status >= 500) logger.warn(context, body.detail);
  return { body, headers };
}

export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: LoggerService,
): void {
  const { body, headers } = reportProblem(
    error,
    {
      instance: request.url.split('?')[0] ?? '/',
      requestId: String(request.id),
      route: request.routeOptions?.url ?? request.url,
    },
    logger,
  );
  if (reply.sent) return;
  void reply
    .status(body.status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' })
    .send(JSON.stringify(body));
}
