import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { activeTraceFields } from '../tracing/request-trace.js';
import { redactUrl } from '../common/redact-url.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new UUID. Fastify and pino share it. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
  request.headers['x-request-id'] = id;
  return id;
}

// The serializers of every line but the request's closing one (request-log.ts writes that one itself): `req`,
// `res` and `err` as pino's standard ones would give them, trimmed to what a line needs.
const SERIALIZERS = {
  req: stdSerializers.wrapRequestSerializer((request) => ({
    id: request.id as string,
    method: request.method,
    url: redactUrl(request.url as string | undefined),
  })),
  res: stdSerializers.wrapResponseSerializer((response) => ({ statusCode: response.statusCode })),
  err: stdSerializers.err,
};

// Secrets a line might carry as a field of something logged. (Request and response headers never reach a line:
// the serializers above keep none.)
const REDACT = ['*.password', '*.refreshToken', '*.accessToken', '*.token'];

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // No middleware: the request context and the closing line are Fastify hooks (request-log.ts).
          forRoutes: [],
          pinoHttp: {
            level: config.env.LOG_LEVEL,
            redact: { paths: REDACT, censor: '[redacted]' },
            serializers: SERIALIZERS,
            // With traces exported, every line carries the active span's trace_id and span_id (tracing/).
            ...(config.tracesExported ? { mixin: activeTraceFields } : {}),
          },
        }),
      ],
    };
  }
}
