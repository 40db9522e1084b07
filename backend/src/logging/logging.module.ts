import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { activeTraceFields, requestTraceFields } from '../tracing/request-trace.js';
import { redactUrl } from './redact-url.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new UUID. Fastify and pino share it. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
  request.headers['x-request-id'] = id;
  return id;
}

/**
 * The request line: the request (through SERIALIZERS.req), pino-http's fields, the user id once known, and the
 * request span's trace_id/span_id when traced (the line is written once the response has finished, outside it).
 */
function requestLine(request: IncomingMessage, line: object): object {
  const userId = (request as IncomingMessage & { userId?: string }).userId;
  const traced = requestTraceFields(request);
  return userId ? { req: request, ...line, userId, ...traced } : { req: request, ...line, ...traced };
}

// pino-http's serializer wrapping is off (wrapSerializers: false), so these are the serializers as pino applies
// them; `req`, `res` and `err` wrap or are the standard ones, as pino-http's own wrapping would.
const SERIALIZERS = {
  // The per-request child's binding (the IncomingMessage) and any `reqId` logged as a value (a string).
  reqId: (value: { id: string } | string) => (typeof value === 'string' ? value : value.id),
  req: stdSerializers.wrapRequestSerializer((request) => ({
    id: request.id as string,
    method: request.method,
    url: redactUrl(request.url as string | undefined),
  })),
  res: stdSerializers.wrapResponseSerializer((response) => ({ statusCode: response.statusCode })),
  err: stdSerializers.err,
};

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Probes hit every few seconds per pod; logging them would drown the useful lines.
          exclude: [
            { method: RequestMethod.GET, path: 'health/live' },
            { method: RequestMethod.GET, path: 'health/ready' },
          ],
          pinoHttp: {
            level: config.env.LOG_LEVEL,
            genReqId: (request) => requestIdOf(request),
            redact: { paths: REDACT, censor: '[redacted]' },
            // One child logger per request. pino-http binds the request to a child under its request key; with
            // that key named `reqId` and serialized to the id, every line logged during the request carries
            // `reqId`, and the closing line gets `req` as a field of its own, with the user id once the guard has
            // set it. (quietReqLogger and customProps would each add child loggers to every request.)
            customAttributeKeys: { req: 'reqId' },
            customSuccessObject: (request, _response, line: object) => requestLine(request, line),
            customErrorObject: (request, _response, _error, line: object) => requestLine(request, line),
            wrapSerializers: false,
            serializers: SERIALIZERS,
            // With traces exported, every line carries the active span's trace_id and span_id (tracing/).
            ...(config.tracesExported ? { mixin: activeTraceFields } : {}),
          },
        }),
      ],
    };
  }
}
