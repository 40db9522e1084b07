import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationFailed } from './app-errors.js';

const headerOf = (context: ExecutionContext, name: string): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `If-Match: 3`, `"3"` or `W/"3"` -> 3; absent -> undefined; anything else is a 400 naming the header. */
export const IfMatchVersion = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const raw = headerOf(context, 'if-match');
  if (raw === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!match)
    throw new ValidationFailed([{ path: 'If-Match', message: 'must be the task version, e.g. "3"' }]);
  return Number(match[1]);
});

/** `Idempotency-Key`: 1 to 255 visible ASCII characters. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const raw = headerOf(context, 'idempotency-key');
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(raw)) {
    throw new ValidationFailed([
      { path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters (a UUID is ideal)' },
    ]);
  }
  return raw;
});
