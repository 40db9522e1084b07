// Prometheus text exposition format (0.0.4): just enough to read the backend's
// http_requests_total counter and http_request_duration_seconds histogram.
// Pure functions only; scraping lives in canary-gate-cli.ts.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+-?\d+)?$/;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`unparseable metrics line: ${line}`);
    const [, name, labelText, valueText] = match;
    samples.push({ name: name!, labels: parseLabels(labelText ?? ''), value: parseValue(valueText!) });
  }
  return samples;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  if (Number.isNaN(value) && text !== 'NaN') throw new Error(`bad sample value: ${text}`);
  return value;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  const body = text.slice(1, -1);
  const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  while ((match = pair.exec(body)) !== null) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    if (pair.lastIndex >= body.length) break;
  }
  return labels;
}

/** Cumulative counters of one scrape target (one pod), keyed by series. */
export type Snapshot = Map<string, Sample>;

export function toSnapshot(samples: Sample[]): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const sample of samples) snapshot.set(seriesKey(sample), sample);
  return snapshot;
}

function seriesKey(sample: Sample): string {
  const labels = Object.keys(sample.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(sample.labels[k])}`);
  return `${sample.name}{${labels.join(',')}}`;
}

/**
 * Increase of every series between two scrapes of the same target. A series that
 * went down was reset (the pod restarted), so its whole current value is the
 * increase — the same rule as Prometheus' increase().
 */
export function delta(before: Snapshot | undefined, after: Snapshot): Sample[] {
  const out: Sample[] = [];
  for (const [key, sample] of after) {
    const previous = before?.get(key)?.value ?? 0;
    const increase = sample.value >= previous ? sample.value - previous : sample.value;
    out.push({ ...sample, value: increase });
  }
  return out;
}

export interface TrackMetrics {
  /** Requests that count as traffic (probe and metrics routes left out). */
  requests: number;
  /** Of those, responses with a 5xx status. */
  errors: number;
  /** 95th percentile latency in seconds, or null when the histogram has no observations. */
  p95Seconds: number | null;
  /** Requests the latency histogram observed... */
  observed: number;
  /** ...and of those, the ones slower than the latency SLO's bound (latencyThresholdSeconds). */
  slow: number;
}

export interface SummaryOptions {
  /** Routes starting with one of these are not traffic (kubelet probes, Prometheus scrapes). */
  excludeRoutePrefixes: string[];
  /** Requests slower than this count as slow (the latency SLO's bound); infinite = none does. */
  latencyThresholdSeconds?: number;
}

export const DEFAULT_EXCLUDED_ROUTES = ['/health', '/metrics'];

export function summarize(
  samples: Sample[],
  options: SummaryOptions = { excludeRoutePrefixes: DEFAULT_EXCLUDED_ROUTES },
): TrackMetrics {
  const counted = (s: Sample) =>
    !options.excludeRoutePrefixes.some((prefix) => (s.labels.route ?? '').startsWith(prefix));
  let requests = 0;
  let errors = 0;
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (!counted(s)) continue;
    if (s.name === 'http_requests_total') {
      requests += s.value;
      if (/^5\d\d$/.test(s.labels.status ?? '')) errors += s.value;
    } else if (s.name === 'http_request_duration_seconds_bucket' && s.labels.le !== undefined) {
      const le = parseValue(s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
    }
  }
  const observed = buckets.size ? Math.max(...buckets.values()) : 0; // cumulative: the largest is the total
  const threshold = options.latencyThresholdSeconds ?? Infinity;
  return {
    requests,
    errors,
    p95Seconds: histogramQuantile(0.95, buckets),
    observed,
    slow: observed - countWithin(threshold, buckets),
  };
}

/**
 * Observations at or below `bound` in a cumulative histogram: exact at a bucket bound (which is why the latency
 * SLO's bound must be one), interpolated linearly inside a bucket otherwise.
 */
export function countWithin(bound: number, cumulative: Map<number, number>): number {
  let previousBound = 0;
  let previousCount = 0;
  for (const b of [...cumulative.keys()].sort((x, y) => x - y)) {
    const count = cumulative.get(b)!;
    if (b === bound) return count;
    if (b > bound) {
      if (b === Infinity) return previousCount;
      return previousCount + ((count - previousCount) * (bound - previousBound)) / (b - previousBound);
    }
    previousBound = b;
    previousCount = count;
  }
  return previousCount;
}

/**
 * Prometheus' histogram_quantile(): find the bucket holding the rank and
 * interpolate linearly inside it. If the rank falls in the +Inf bucket the
 * answer is the highest finite bound (as Prometheus does).
 */
export function histogramQuantile(q: number, cumulative: Map<number, number>): number | null {
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const total = cumulative.get(Infinity) ?? (bounds.length ? cumulative.get(bounds.at(-1)!)! : 0);
  if (!total || total <= 0) return null;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const bound of bounds) {
    const count = cumulative.get(bound)!;
    if (count >= rank) {
      if (bound === Infinity) return previousBound;
      if (count === previousCount) return bound;
      return previousBound + ((bound - previousBound) * (rank - previousCount)) / (count - previousCount);
    }
    previousBound = bound;
    previousCount = count;
  }
  return previousBound;
}
