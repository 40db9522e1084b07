import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: LoggerService,
): void {
  const { problem, headers, unexpected } = toProblem(error);
  const body: Problem = {
    ...problem,
    instance: request.url.split('?')[0] ?? '/',
    requestId: String(request.id),
  };
  const route = request.routeOptions?.url ?? request.url;
  if (unexpected) {
    logger.error({ err: error, problemType: body.type, route, requestId: body.requestId }, 'request failed');
  } else if (body.status >= 500) {
    logger.warn({ problemType: body.type, route, requestId: body.requestId }, body.detail);
  }
  if (reply.sent) return;
  void reply
    .status(body.status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' })
    .send(JSON.stringify(body));
}
