import { AppError } from '../common/app-errors.js';

/** 429 with the plain `Retry-After` (seconds) the contract promises; `detail` ends with when to try again. */
export class TooManyRequests extends AppError {
  constructor(retryAfterSeconds: number, what = 'Too many attempts') {
    const retryAfter = String(Math.max(1, Math.ceil(retryAfterSeconds)));
    super(
      429,
      'too-many-requests',
      'Too many requests',
      `${what}; try again in ${retryAfter} seconds.`,
      undefined,
      { 'retry-after': retryAfter },
    );
  }
}
