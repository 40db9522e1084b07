import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestTraceFields } from '../tracing/request-trace.js';
import { redactUrl } from '../common/redact-url.js';

/** Probes hit every few seconds per pod; logging them would drown the useful lines. */
const PROBES = new Set(['/health/live', '/health/ready']);
const LOGGED = Symbol('request log');

/** What the closing line needs beyond the raw request's method and URL (its headers may be gone by then). */
type LoggedRequest = IncomingMessage & { userId?: string; [LOGGED]?: { id: string; startedAt: number } };

/**
 * The request log, as a Fastify hook rather than Nest middleware (pino-http through middie cost a get ~10 % of its
 * CPU, bench/RESULTS.md round 13):
 * - the rest of the request runs in nestjs-pino's logging context with a child logger bound to the request id, so
 *   every line logged while handling it (through Nest's Logger too) carries `reqId`;
 * - once the response is closed, finished or not (an event stream ends when its client leaves), one closing line.
 * GET probes are not logged at all.
 */
export function registerRequestLog(fastify: FastifyInstance, context: PinoLogger): void {
  const logClosed = closingLineWriter();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isProbe(request)) return done();
    (request.raw as LoggedRequest)[LOGGED] = { id: request.id, startedAt: performance.now() };
    reply.raw.on('close', logClosed);
    context.runInContext(done, { bindings: { reqId: request.id } });
  });
}

const isProbe = (request: FastifyRequest) =>
  request.method === 'GET' && PROBES.has(request.routeOptions.url ?? '');

const asIs = <T>(value: T): T => value;

/**
 * The closing line: `reqId`, `req` (id, method, URL with secrets in the path redacted), `res` (status code),
 * `responseTime` (ms), `aborted` when the response was cut off before it finished, the user id once the guard has
 * set it, and the request span's ids when traced. A 5xx closes with "request errored", any other "request completed".
 * Its fields are the ones built here, nothing a caller sent, so it skips redaction and the serializers. One listener
 * for every response (`this` is the response): nothing allocated per request to listen.
 */
function closingLineWriter(): (this: ServerResponse) => void {
  let logger: Logger | undefined;
  return function logClosed(this: ServerResponse): void {
    const request = this.req as LoggedRequest;
    const { id, startedAt } = request[LOGGED]!;
    const line = {
      reqId: id,
      req: { id, method: request.method, url: redactUrl(request.url) },
      res: { statusCode: this.statusCode },
      responseTime: Math.round(performance.now() - startedAt),
      ...(this.writableFinished ? {} : { aborted: true }),
      ...(request.userId ? { userId: request.userId } : {}),
      ...requestTraceFields(request),
    };
    logger ??= (PinoLogger.root as Logger).child(
      {},
      { redact: { paths: [] }, serializers: { req: asIs, res: asIs } },
    );
    logger.info(line, this.statusCode >= 500 ? 'request errored' : 'request completed');
  };
}
