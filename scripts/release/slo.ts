// The API's SLOs as the chart writes them (values.yaml `slo:`), read by the canary gate so that the alerts and the
// gate judge against the same numbers. Later values files override earlier ones, as with `helm -f a -f b`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface BurnRateAlert {
  long: string;
  short: string;
  factor: number;
  severity: 'critical' | 'warning';
}

export interface Slo {
  periodDays: number;
  /** Percent of requests that must not answer 5xx. */
  availability: { objective: number };
  /** Percent of requests that must be served within thresholdSeconds. */
  latency: { objective: number; thresholdSeconds: number };
  burnRateAlerts: BurnRateAlert[];
}

export const CHART_VALUES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'chart', 'values.yaml');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's merge of values: maps merge key by key, anything else (lists included) is replaced. */
function merge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = merge(base[k], v);
  return out;
}

/** The share of requests an objective in percent lets fail: 99.5 → 0.005. */
export const errorBudget = (objectivePercent: number) => (100 - objectivePercent) / 100;

export function validateSlo(slo: Slo): Slo {
  const problems: string[] = [];
  for (const key of ['availability', 'latency'] as const) {
    const o = slo?.[key]?.objective;
    if (!(typeof o === 'number' && o > 0 && o < 100))
      problems.push(`slo.${key}.objective must be a percentage`);
  }
  if (!(slo?.latency?.thresholdSeconds > 0)) problems.push('slo.latency.thresholdSeconds must be > 0');
  if (problems.length) throw new Error(`invalid SLO: ${problems.join('; ')}`);
  return slo;
}

/** The `slo` block of the chart's values.yaml merged with the given values files (in order). */
export function loadSlo(valuesFiles: string[] = []): Slo {
  const slo = [CHART_VALUES, ...valuesFiles]
    .map((file) => (parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null)?.slo)
    .reduce((acc, s) => merge(acc, s), undefined);
  return validateSlo(slo as Slo);
}
