/**
 * Seconds to wait after each failed attempt, at the default base of 5 s: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h,
 * 4 h, 8 h, 8 h — about 24 hours over 11 attempts. WEBHOOK_RETRY_BASE_MS scales the whole schedule (tests shrink it).
 */
const DELAYS_IN_BASE_UNITS = [1, 6, 24, 120, 360, 720, 1440, 2880, 5760, 5760];
export const MAX_ATTEMPTS = DELAYS_IN_BASE_UNITS.length + 1;

/** The wait before the next attempt after `attempts` attempts failed, or undefined when the delivery gives up. */
export function retryDelayMs(attempts: number, baseMs: number): number | undefined {
  const units = DELAYS_IN_BASE_UNITS[attempts - 1];
  return units === undefined ? undefined : units * baseMs;
}
