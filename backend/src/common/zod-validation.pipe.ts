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
    if (result.success) return result.data;
    throw new ValidationFailed(toFieldErrors(result.error, this.field));
  }
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
