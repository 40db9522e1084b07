import { createHash } from 'node:crypto';

/** The `rate_limits` key for a limit and whom it counts: a SHA-256, so no email, address or id is stored in clear. */
export const limitKey = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex');
