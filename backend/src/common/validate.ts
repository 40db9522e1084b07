import type { z } from 'zod';
import { type FieldError, ValidationFailed } from './app-errors.js';

/**
 * The one input rule of every surface (REST pipes, MCP tools): the schema, then no NUL anywhere in the parsed
 * value. Errors name each offending field; `field` names a single scalar input (a path parameter, a header).
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, field?: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(toFieldErrors(result.error, field));
  // PostgreSQL text cannot hold U+0000: without this a valid-looking "\u0000" would reach the driver and fail there.
  const nul = pathOfNul(result.data, field ? [field] : []);
  if (nul !== undefined) {
    throw new ValidationFailed([
      { path: nul || '(body)', message: 'must not contain NUL (U+0000) characters' },
    ]);
  }
  return result.data;
}

function pathOfNul(value: unknown, path: string[]): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOfNul(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function toFieldErrors(error: z.ZodError, field?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [...(field ? [field] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'is not a known field' }));
    }
    return [{ path: base.join('.') || '(body)', message: issue.message }];
  });
}
