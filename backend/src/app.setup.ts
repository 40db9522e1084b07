import compress from '@fastify/compress';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestLogger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { answerClientError } from './common/client-error.js';
import { registerLingeringClose } from './common/lingering-close.js';
import { sendProblem } from './common/send-problem.js';
import { registerHttpCaching } from './caching/conditional-get.js';
import type { AppConfig } from './config/app-config.js';
import { KEEP_ALIVE_TIMEOUT_MS, registerDrainingConnectionClose } from './health/draining-connections.js';
import { LifecycleState } from './health/lifecycle.state.js';
import { requestIdOf } from './logging/logging.module.js';
import { registerRequestLog } from './logging/request-log.js';
import { registerAgentRoutes } from './agents/agent-routes.js';
import { registerFeedRoutes } from './feeds/feed-routes.js';
import { registerImportBody } from './portability/import-body.js';
import { registerMetrics } from './metrics/metrics-routes.js';
import { registerOAuthRoutes } from './oauth/oauth-routes.js';
import { registerRequestTrace } from './tracing/request-trace.js';
import { registerResourceChallenges } from './oauth/resource-challenges.js';
import { registerDocumentRoutes } from './openapi/document-routes.js';

export const API_PREFIX = 'api/v1';
const OUTSIDE_PREFIX = [
  'metrics',
  'openapi.json',
  'openapi.yaml',
  'docs',
  'docs/scalar.js',
  'llms.txt',
  'mcp',
];

/** Creates the configured application; shared by main.ts, the e2e tests and the OpenAPI writer. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.env.BODY_LIMIT_BYTES,
    trustProxy: config.env.TRUST_PROXY,
    genReqId: requestIdOf,
    // Requests still arriving on open connections once the server closes are answered (with Connection: close),
    // not turned away: the database stays up until the server has closed (health/shutdown.coordinator.ts).
    return503OnClosing: false,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    ...requestTimeouts(config.env.REQUEST_TIMEOUT_MS),
    clientErrorHandler: answerClientError,
    // `/api/v1/tasks/` is the list, not a task with an empty id (a 400); agents write the slash often.
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: 'idle',
    // Errors Fastify raises before routing (a malformed URL, say) answer as problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(error, request, reply, new NestLogger('Problem')),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // Fastify's own JSON parser stays; Nest's would add application/x-www-form-urlencoded, which this API refuses.
    bodyParser: false,
  });
  await configureApp(app, config);
  return app;
}

async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  // Outside the prefix: the probes and the plain Fastify routes mounted below.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      ...OUTSIDE_PREFIX.map((path) => ({ path, method: RequestMethod.ALL })),
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  // With traces exported: the request span's ids, kept for the request log line and the latency exemplar.
  if (config.tracesExported) registerRequestTrace(fastify);
  // First of the remaining hooks: whatever runs after it logs with the request's id.
  registerRequestLog(fastify, await app.resolve(PinoLogger));
  // JSON only: any other body type is 415 rather than a string handed to the validators.
  fastify.removeContentTypeParser(['text/plain']);
  // ...but for a Todoist CSV on the import route, which also takes larger bodies (portability/import-body.ts).
  registerImportBody(fastify, config.env.IMPORT_BODY_LIMIT_BYTES);
  // Callback-style hooks here and in the registrations below: an async hook costs every response a promise.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  registerLingeringClose(fastify);
  registerDrainingConnectionClose(fastify, app.get(LifecycleState));
  // Cache-Control and ETags as each route declares them; before compression, which must see a 304 as final.
  registerHttpCaching(fastify);

  // The API serves JSON; /docs opts into its own policy (see document-routes.ts).
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Streams must flush event by event; compression would buffer them.
    customTypes: /^(?!text\/event-stream).*(json|text|javascript|yaml)/,
  });
  app.enableCors({
    origin: config.env.CORS_ORIGINS,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    exposedHeaders: ['Location', 'ETag', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
  // The routes outside Nest's controllers (they answer in their own formats): plain Fastify routes, mounted here.
  registerMetrics(app, config);
  registerDocumentRoutes(app, config);
  registerAgentRoutes(app, config);
  registerOAuthRoutes(app);
  registerResourceChallenges(app);
  registerFeedRoutes(app);
}

/**
 * Node bounds how long a request's headers and body may take to arrive (408 through answerClientError), measured
 * up to the end of the request, so a long answer such as an event stream is not cut. No idle-socket timeout
 * (Fastify's connectionTimeout): event streams sit quiet between heartbeats, and idle keep-alive connections are
 * the proxy's to close (KEEP_ALIVE_TIMEOUT_MS). Expired requests are looked for every tenth of the timeout.
 */
function requestTimeouts(timeoutMs: number) {
  return {
    requestTimeout: timeoutMs,
    http: {
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.ceil(timeoutMs / 10)),
    },
  };
}

/**
 * helmet's headers for a fixed configuration are the same on every response, so they are computed once here and
 * set by one hook (@fastify/helmet rebuilds the helmet middleware, CSP parsing included, on every request; the
 * cost is in bench/RESULTS.md). It is the helmet @fastify/helmet ships with, so the headers are the ones that
 * plugin sends.
 */
function helmetHeaders(options: object): [string, string][] {
  const require = createRequire(import.meta.url);
  const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as (
    options: object,
  ) => (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
}
