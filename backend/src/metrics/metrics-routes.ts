import { createHash, timingSafeEqual } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { sampledTraceId } from '../tracing/request-trace.js';
import { MetricsService } from './metrics.service.js';

export const METRICS_PATH = '/metrics';
/** Requests that matched no route share one label value, so scanners cannot blow up the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every response by route template (`/api/v1/tasks/:id`, never the concrete URL) and serves GET /metrics,
 * behind `Authorization: Bearer <METRICS_TOKEN>` when that is set (in production, only then or with METRICS_PUBLIC). Event streams are counted but kept out of the
 * latency histogram: their duration is the session's length, not the API's speed.
 */
export function registerMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const stream = String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream');
    const seconds = stream ? undefined : reply.elapsedTime / 1000;
    metrics.observe(route, request.method, reply.statusCode, seconds, sampledTraceId(request.raw));
    done();
  });

  const expected = config.env.METRICS_TOKEN ? digest(config.env.METRICS_TOKEN) : undefined;
  // In production, series and route names are not for everyone: no token and no explicit opt-in means no route.
  const open = config.env.METRICS_PUBLIC || config.env.NODE_ENV !== 'production';
  if (!expected && !open) return;
  fastify.get(METRICS_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected && !authorized(request.headers.authorization, expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
    }
    // The Prometheus text format unless the scraper asks for OpenMetrics (which carries the latency exemplars).
    const { body, contentType } = await metrics.render(
      /application\/openmetrics-text/i.test(request.headers.accept ?? ''),
    );
    return reply.header('cache-control', 'no-store').header('vary', 'Accept').type(contentType).send(body);
  });
}

const digest = (value: string) => createHash('sha256').update(value).digest();

// Compare digests so neither the token's length nor its prefix leaks through timing.
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return !!match && timingSafeEqual(digest(match[1]!), expected);
}
