import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new UUID. Fastify and pino share it. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
  request.headers['x-request-id'] = id;
  return id;
}

function withUserId(request: IncomingMessage, line: object): object {
  const userId = (request as IncomingMessage & { userId?: string }).userId;
  return userId ? { ...line, userId } : line;
}

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
            // The user id joins the closing line as a field of its own. (Through customProps it cost two child
            // loggers a request: one at the start, before the guard has set it, and one at the end.)
            customSuccessObject: (request, _response, line: object) => withUserId(request, line),
            customErrorObject: (request, _response, _error, line: object) => withUserId(request, line),
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            quietReqLogger: true,
          },
        }),
      ],
    };
  }
}
