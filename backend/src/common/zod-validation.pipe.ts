import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { type FieldError, ValidationFailed } from './app-errors.js';

/** Validates one request part against its schema; errors name each offending field. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  /** `field` names a single scalar input (a path parameter) in error messages. */
  constructor(
    private readonly schema: T,
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(this.field === undefined ? (value ?? {}) : value);
    if (!result.success) throw new ValidationFailed(toFieldErrors(result.error, this.field));
    // PostgreSQL text cannot hold U+0000: without this a valid-looking "\u0000" would reach the driver and 500
    // (found by the long fuzzing run, bench/RESULTS.md).
    const nul = pathOfNul(result.data, this.field ? [this.field] : []);
    if (nul !== undefined) {
      throw new ValidationFailed([
        { path: nul || '(body)', message: 'must not contain NUL (U+0000) characters' },
      ]);
    }
    return result.data;
  }
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

export function toFieldErrors(error: z.ZodError, field?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [...(field ? [field] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'is not a known field' }));
    }
    return [{ path: base.join('.') || '(body)', message: issue.message }];
  });
}
