import { HttpException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { PreconditionFailed, ValidationFailed } from './app-errors.js';
import { toProblem } from './problem.js';

describe('toProblem', () => {
  it('keeps our own errors, with field errors and headers', () => {
    const mapped = toProblem(new ValidationFailed([{ path: 'title', message: 'is required' }]));
    expect(mapped.problem).toMatchObject({ status: 400, type: '/problems/validation-error' });
    expect(mapped.problem.errors).toEqual([{ path: 'title', message: 'is required' }]);
    expect(mapped.unexpected).toBe(false);
    expect(toProblem(new PreconditionFailed('stale')).problem.status).toBe(412);
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({
      status: 404,
      detail: 'Cannot GET /x',
    });
    expect(toProblem(new HttpException('slow down', 429)).problem.status).toBe(429);
  });

  it('maps Fastify body errors to 413 and 415', () => {
    const tooLarge = Object.assign(new Error('big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const badType = Object.assign(new Error('type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(toProblem(tooLarge).problem).toMatchObject({ status: 413, type: '/problems/payload-too-large' });
    expect(toProblem(badType).problem).toMatchObject({
      status: 415,
      type: '/problems/unsupported-media-type',
    });
  });

  it('turns anything else into a 500 that reveals nothing', () => {
    const mapped = toProblem(new Error('connection string postgres://secret@db failed'));
    expect(mapped.problem.status).toBe(500);
    expect(JSON.stringify(mapped.problem)).not.toContain('secret');
    expect(mapped.unexpected).toBe(true);
  });
});
