/**
 * Whether an error means the database could not be reached or would not take the work — an outage the client
 * should retry, not a bug. Drivers and drizzle wrap errors (drizzle's DrizzleQueryError keeps the driver's error
 * as `cause`), so the whole cause chain is searched.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && isUnavailableCode(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const UNAVAILABLE_CODES = new Set([
  // The network (Node's errno codes).
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // postgres.js
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // our pool (database/bounded-pool.ts)
  'POOL_ACQUIRE_TIMEOUT',
  // SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

// SQLSTATE class 08: connection exception.
const isUnavailableCode = (code: string) => UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
