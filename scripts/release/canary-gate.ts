// The canary gate: given what the canary and the stable track served during the
// analysis window, decide whether to promote the canary, roll it back, or wait
// for more traffic. Pure: no I/O, no clock. The CLI (canary-gate-cli.ts) feeds it.
import type { TrackMetrics } from './prometheus.ts';
import { errorBudget, type Slo } from './slo.ts';

export type Verdict = 'promote' | 'rollback' | 'wait';

export interface Thresholds {
  /** Canary requests needed before any verdict other than an early rollback. */
  minRequests: number;
  /** Highest acceptable canary 5xx ratio, whatever stable does: the availability SLO's error budget. */
  maxErrorRatio: number;
  /** Highest acceptable excess of the canary's 5xx ratio over stable's (absolute, 0.005 = 0.5 points). */
  maxErrorRatioIncrease: number;
  /** The latency SLO's bound: requests slower than this count against its budget. */
  latencyThresholdSeconds: number;
  /** Highest acceptable share of canary requests slower than latencyThresholdSeconds: the latency SLO's budget. */
  maxSlowRatio: number;
  /** Highest acceptable canary p95 as a multiple of stable's p95 (1.25 = 25 % slower)... */
  maxP95Ratio: number;
  /** ...ignored while the difference stays under this many seconds (noise on fast routes). */
  p95ToleranceSeconds: number;
}

/** The comparisons with stable; the absolute limits come from the SLO (thresholdsFromSlo). */
export const DEFAULT_COMPARISON = {
  minRequests: 100,
  maxErrorRatioIncrease: 0.005,
  maxP95Ratio: 1.25,
  p95ToleranceSeconds: 0.025,
};

/**
 * A canary may spend its error budgets no faster than the SLO allows over the whole period (burn rate 1): one that
 * did worse would, once promoted, use the budget up before the period ends.
 */
export function thresholdsFromSlo(slo: Slo, comparison: Partial<typeof DEFAULT_COMPARISON> = {}): Thresholds {
  return {
    ...DEFAULT_COMPARISON,
    ...comparison,
    maxErrorRatio: errorBudget(slo.availability.objective),
    latencyThresholdSeconds: slo.latency.thresholdSeconds,
    maxSlowRatio: errorBudget(slo.latency.objective),
  };
}

export interface Decision {
  verdict: Verdict;
  /** One sentence a person can act on; it ends up in the job summary. */
  reason: string;
  canary: TrackMetrics & { errorRatio: number | null };
  stable: TrackMetrics & { errorRatio: number | null };
  thresholds: Thresholds;
}

export function validateThresholds(t: Thresholds): void {
  const problems: string[] = [];
  if (!Number.isInteger(t.minRequests) || t.minRequests < 1)
    problems.push('minRequests must be an integer >= 1');
  for (const key of ['maxErrorRatio', 'maxErrorRatioIncrease', 'maxSlowRatio'] as const) {
    if (!(t[key] >= 0 && t[key] <= 1)) problems.push(`${key} must be between 0 and 1`);
  }
  if (!(t.latencyThresholdSeconds > 0)) problems.push('latencyThresholdSeconds must be > 0');
  if (!(t.maxP95Ratio >= 1)) problems.push('maxP95Ratio must be >= 1');
  if (!(t.p95ToleranceSeconds >= 0)) problems.push('p95ToleranceSeconds must be >= 0');
  if (problems.length) throw new Error(`invalid thresholds: ${problems.join('; ')}`);
}

const ratio = (m: TrackMetrics) => (m.requests > 0 ? m.errors / m.requests : null);
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const ms = (s: number) => `${Math.round(s * 1000)} ms`;

export function decide(canary: TrackMetrics, stable: TrackMetrics, thresholds: Thresholds): Decision {
  validateThresholds(thresholds);
  const result = (verdict: Verdict, reason: string): Decision => ({
    verdict,
    reason,
    canary: { ...canary, errorRatio: ratio(canary) },
    stable: { ...stable, errorRatio: ratio(stable) },
    thresholds,
  });
  const t = thresholds;

  if (canary.requests < t.minRequests) {
    // Even if every request still to come succeeded, could the canary get back under
    // the error threshold by the minimum sample size? If not, there is no point waiting.
    const allowedErrors = t.maxErrorRatio * t.minRequests;
    if (canary.errors > allowedErrors) {
      return result(
        'rollback',
        `canary already has ${canary.errors} server errors in ${canary.requests} requests; ` +
          `more than the ${pct(t.maxErrorRatio)} allowed over the ${t.minRequests}-request minimum`,
      );
    }
    return result('wait', `not enough canary traffic yet: ${canary.requests} of ${t.minRequests} requests`);
  }

  const canaryRatio = canary.errors / canary.requests;
  if (canaryRatio > t.maxErrorRatio) {
    return result(
      'rollback',
      `canary error ratio ${pct(canaryRatio)} is above the availability SLO's ${pct(t.maxErrorRatio)} error budget`,
    );
  }

  // Stable is a fair baseline only when it served enough requests in the same window.
  const stableComparable = stable.requests >= t.minRequests;
  if (stableComparable) {
    const stableRatio = stable.errors / stable.requests;
    if (canaryRatio - stableRatio > t.maxErrorRatioIncrease) {
      return result(
        'rollback',
        `canary error ratio ${pct(canaryRatio)} exceeds stable's ${pct(stableRatio)} by more than ` +
          `${pct(t.maxErrorRatioIncrease)}`,
      );
    }
  }

  if (canary.p95Seconds === null) {
    return result('wait', 'canary served requests but its latency histogram has no observations yet');
  }
  const slowRatio = canary.slow / canary.observed;
  if (slowRatio > t.maxSlowRatio) {
    return result(
      'rollback',
      `canary served ${pct(slowRatio)} of requests slower than ${ms(t.latencyThresholdSeconds)}; ` +
        `the latency SLO's budget is ${pct(t.maxSlowRatio)}`,
    );
  }
  if (stableComparable && stable.p95Seconds !== null) {
    const slower = canary.p95Seconds - stable.p95Seconds;
    if (canary.p95Seconds > stable.p95Seconds * t.maxP95Ratio && slower > t.p95ToleranceSeconds) {
      return result(
        'rollback',
        `canary p95 latency ${ms(canary.p95Seconds)} is more than ${t.maxP95Ratio}x stable's ` +
          `${ms(stable.p95Seconds)}`,
      );
    }
  }

  const baseline = stableComparable
    ? `; stable ${pct(stable.errors / stable.requests)} errors, p95 ${stable.p95Seconds === null ? 'n/a' : ms(stable.p95Seconds)}`
    : `; stable served only ${stable.requests} requests, so only absolute limits were applied`;
  return result(
    'promote',
    `canary healthy over ${canary.requests} requests: ${pct(canaryRatio)} errors, ` +
      `${pct(slowRatio)} slower than ${ms(t.latencyThresholdSeconds)}, p95 ${ms(canary.p95Seconds)}${baseline}`,
  );
}
