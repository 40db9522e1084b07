// Canary analysis window: scrape the backend's /metrics of every canary and every
// stable pod at the start, then every --interval seconds until --window seconds
// have passed; judge the increase since the start with decide(). Rolls back as
// soon as the verdict is rollback; promotes only at the end of the window.
//
//   node scripts/release/canary-gate-cli.ts \
//     --canary http://127.0.0.1:19100/metrics --stable http://127.0.0.1:19200/metrics \
//     --window 300 --interval 30 --min-requests 100 [--slo-values chart/values-prod.yaml]
//
// The absolute limits are the SLO's error budgets (chart/values.yaml `slo:`, overridden by each --slo-values file
// in order, like helm -f), so the canary is judged by the numbers the burn-rate alerts use.
//
// Prints one JSON line ({ verdict, reason, canary, stable, thresholds, ... }) on stdout;
// progress goes to stderr. Exit 0 with a verdict, 2 when the metrics could not be
// read (the JSON then says rollback). METRICS_TOKEN, when set, is sent as a bearer token.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_COMPARISON,
  decide,
  thresholdsFromSlo,
  validateThresholds,
  type Decision,
  type Thresholds,
} from './canary-gate.ts';
import { loadSlo } from './slo.ts';
import {
  DEFAULT_EXCLUDED_ROUTES,
  delta,
  parsePrometheusText,
  summarize,
  toSnapshot,
  type Sample,
  type Snapshot,
} from './prometheus.ts';

export interface GateOptions {
  canary: string[];
  stable: string[];
  windowSeconds: number;
  intervalSeconds: number;
  thresholds: Thresholds;
  excludeRoutePrefixes: string[];
  token?: string;
}

export interface Io {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

export type GateResult = Decision & { elapsedSeconds: number; scrapes: number };

async function scrape(url: string, options: GateOptions, io: Io): Promise<Snapshot> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await io.fetch(url, {
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return toSnapshot(parsePrometheusText(await response.text()));
    } catch (error) {
      lastError = error;
      if (attempt < 3) await io.sleep(1000);
    }
  }
  throw new Error(`could not scrape ${url}: ${(lastError as Error).message}`);
}

async function scrapeAll(urls: string[], options: GateOptions, io: Io): Promise<Snapshot[]> {
  return Promise.all(urls.map((url) => scrape(url, options, io)));
}

function increase(before: Snapshot[] | undefined, after: Snapshot[]): Sample[] {
  return after.flatMap((snapshot, i) => delta(before?.[i], snapshot));
}

export async function runGate(options: GateOptions, io: Io): Promise<GateResult> {
  if (!options.canary.length || !options.stable.length) {
    throw new Error('give at least one --canary and one --stable metrics URL');
  }
  validateThresholds(options.thresholds);
  const summaryOptions = {
    excludeRoutePrefixes: options.excludeRoutePrefixes,
    latencyThresholdSeconds: options.thresholds.latencyThresholdSeconds,
  };
  // --window 0: judge the counters as they are (no baseline), for manual checks.
  const baseline =
    options.windowSeconds > 0
      ? {
          canary: await scrapeAll(options.canary, options, io),
          stable: await scrapeAll(options.stable, options, io),
        }
      : undefined;
  let elapsed = 0;
  let scrapes = baseline ? 1 : 0;
  for (;;) {
    const step = Math.min(options.intervalSeconds, options.windowSeconds - elapsed);
    if (step > 0) {
      await io.sleep(step * 1000);
      elapsed += step;
    }
    const canary = summarize(
      increase(baseline?.canary, await scrapeAll(options.canary, options, io)),
      summaryOptions,
    );
    const stable = summarize(
      increase(baseline?.stable, await scrapeAll(options.stable, options, io)),
      summaryOptions,
    );
    scrapes++;
    const decision = decide(canary, stable, options.thresholds);
    io.log(`[${elapsed}s/${options.windowSeconds}s] ${decision.verdict}: ${decision.reason}`);
    const done = elapsed >= options.windowSeconds;
    if (decision.verdict === 'rollback' || done) {
      return { ...decision, elapsedSeconds: elapsed, scrapes };
    }
    // A promote before the window ends is provisional: keep watching.
  }
}

function numberFlag(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): GateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      canary: { type: 'string', multiple: true, default: [] },
      stable: { type: 'string', multiple: true, default: [] },
      window: { type: 'string' },
      interval: { type: 'string' },
      'slo-values': { type: 'string', multiple: true, default: [] },
      'min-requests': { type: 'string' },
      'max-error-ratio-increase': { type: 'string' },
      'max-p95-ratio': { type: 'string' },
      'p95-tolerance-seconds': { type: 'string' },
      'exclude-route-prefix': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const d = DEFAULT_COMPARISON;
  return {
    canary: values.canary ?? [],
    stable: values.stable ?? [],
    windowSeconds: numberFlag(values.window, 300, 'window'),
    intervalSeconds: numberFlag(values.interval, 30, 'interval'),
    thresholds: thresholdsFromSlo(loadSlo(values['slo-values']), {
      minRequests: numberFlag(values['min-requests'], d.minRequests, 'min-requests'),
      maxErrorRatioIncrease: numberFlag(
        values['max-error-ratio-increase'],
        d.maxErrorRatioIncrease,
        'max-error-ratio-increase',
      ),
      maxP95Ratio: numberFlag(values['max-p95-ratio'], d.maxP95Ratio, 'max-p95-ratio'),
      p95ToleranceSeconds: numberFlag(
        values['p95-tolerance-seconds'],
        d.p95ToleranceSeconds,
        'p95-tolerance-seconds',
      ),
    }),
    excludeRoutePrefixes: values['exclude-route-prefix'] ?? DEFAULT_EXCLUDED_ROUTES,
    token: env.METRICS_TOKEN || undefined,
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  try {
    const result = await runGate(parseCli(argv, env), io);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    const reason = `metrics unavailable or invalid: ${(error as Error).message}`;
    process.stdout.write(`${JSON.stringify({ verdict: 'rollback', reason, error: true })}\n`);
    io.log(reason);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: Io = {
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  process.exitCode = await main(process.argv.slice(2), process.env, io);
}
