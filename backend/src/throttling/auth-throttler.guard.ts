import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../common/app-errors.js';

/**
 * The throttler guard for auth routes. Whichever limit trips (per IP or per account), the 429 carries the plain
 * `Retry-After` the contract promises (the library suffixes it with the limit's name for all but `default`).
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new AppError(
      429,
      'too-many-requests',
      'Too many requests',
      `Too many attempts; try again in ${retryAfter} seconds.`,
      undefined,
      { 'retry-after': retryAfter },
    );
  }
}
