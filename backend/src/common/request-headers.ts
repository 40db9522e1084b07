import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationFailed } from './app-errors.js';
import { validate } from './validate.js';

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

/** An idempotency key (the `Idempotency-Key` header, an MCP tool's `idempotencyKey`): 1 to 255 visible ASCII. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters (a UUID is ideal)');

export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const raw = headerOf(context, 'idempotency-key');
  return raw === undefined ? undefined : validate(idempotencyKeySchema, raw, 'Idempotency-Key');
});
