import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validate } from './validate.js';

/** Validates one request part against its schema (see validate); a missing body or query is `{}`. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  /** `field` names a single scalar input (a path parameter) in error messages. */
  constructor(
    private readonly schema: T,
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.output<T> {
    return validate(this.schema, this.field === undefined ? (value ?? {}) : value, this.field);
  }
}
