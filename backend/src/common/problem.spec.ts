import { HttpException, NotFoundException } from '@nestjs/common';
import { DrizzleQueryError } from 'drizzle-orm/errors';
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

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a postgres.js connect timeout',
      Object.assign(new Error('write CONNECT_TIMEOUT'), { code: 'CONNECT_TIMEOUT' }),
    ],
    ['an admin shutdown (57P01)', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['too many connections (53300)', Object.assign(new Error('too many clients'), { code: '53300' })],
    [
      'a pool that handed out no connection',
      Object.assign(new Error('no connection'), { code: 'POOL_ACQUIRE_TIMEOUT' }),
    ],
  ])('turns %s into a 503 with Retry-After, also when drizzle wraps it', (_, cause) => {
    const wrapped = new DrizzleQueryError('select "id" from "tasks" where "user_id" = $1', ['u1'], cause);
    for (const error of [cause, wrapped]) {
      const mapped = toProblem(error);
      expect(mapped.problem).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
      expect(Number(mapped.headers['retry-after'])).toBeGreaterThan(0);
      expect(mapped.unexpected).toBe(false);
      expect(JSON.stringify(mapped.problem)).not.toMatch(/select|tasks|5432/);
    }
  });

  it('keeps a failed query that is not an outage a 500 that quotes no SQL', () => {
    const cause = Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    const mapped = toProblem(
      new DrizzleQueryError('insert into "tasks" ("title") values ($1)', ['x'], cause),
    );
    expect(mapped.problem.status).toBe(500);
    expect(JSON.stringify(mapped.problem)).not.toMatch(/insert|tasks|Failed query/);
  });
});
