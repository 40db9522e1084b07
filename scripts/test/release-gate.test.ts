import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, thresholdsFromSlo, type Thresholds } from '../release/canary-gate.ts';
import { loadSlo, type Slo } from '../release/slo.ts';
import { main, parseCli, runGate, type Io } from '../release/canary-gate-cli.ts';
import {
  delta,
  histogramQuantile,
  parsePrometheusText,
  summarize,
  toSnapshot,
  type TrackMetrics,
} from '../release/prometheus.ts';

// 99.5 % of requests without a 5xx and 99 % within 250 ms: budgets of 0.5 % and 1 %.
const slo: Slo = {
  periodDays: 30,
  availability: { objective: 99.5 },
  latency: { objective: 99, thresholdSeconds: 0.25 },
  burnRateAlerts: [{ long: '1h', short: '5m', factor: 14.4, severity: 'critical' }],
};
const t: Thresholds = thresholdsFromSlo(slo, { minRequests: 100 });
const track = (
  requests: number,
  errors: number,
  p95Seconds: number | null = 0.1,
  slow = 0,
): TrackMetrics => ({ requests, errors, p95Seconds, observed: p95Seconds === null ? 0 : requests, slow });
const healthyStable = track(1000, 2, 0.1);

describe('decide', () => {
  it('waits while the canary has served fewer requests than the minimum', () => {
    const sut = decide(track(99, 0, 0.05), healthyStable, t);
    expect(sut.verdict).toBe('wait');
    expect(sut.reason).toContain('not enough canary traffic yet: 99 of 100');
  });

  it('never promotes with no canary traffic at all, even if everything else looks perfect', () => {
    expect(decide(track(0, 0, null), track(0, 0, null), t).verdict).toBe('wait');
    expect(decide(track(0, 0, 0.001), healthyStable, t).verdict).toBe('wait');
  });

  it('rolls back early when the errors already exceed what the minimum sample allows', () => {
    const sut = decide(track(10, 2), healthyStable, t); // 2 > 0.5 % of 100
    expect(sut.verdict).toBe('rollback');
    expect(sut.reason).toContain('already has 2 server errors in 10 requests');
  });

  it('keeps waiting when the early errors could still be diluted below the limit', () => {
    expect(decide(track(10, 1), healthyStable, { ...t, minRequests: 200 }).verdict).toBe('wait'); // 1 <= 0.5 % of 200
  });

  it("rolls back when the canary error ratio is above the availability SLO's error budget", () => {
    const sut = decide(track(200, 2), healthyStable, t); // 1 %
    expect(sut.verdict).toBe('rollback');
    expect(sut.reason).toContain(
      "canary error ratio 1.00 % is above the availability SLO's 0.50 % error budget",
    );
  });

  it('judges the same canary by whatever the SLO says', () => {
    const canary = track(1000, 8); // 0.8 % errors
    expect(decide(canary, track(1000, 6), t).verdict).toBe('rollback');
    const looser = thresholdsFromSlo({ ...slo, availability: { objective: 99 } });
    expect(looser.maxErrorRatio).toBeCloseTo(0.01);
    expect(decide(canary, track(1000, 6), looser).verdict).toBe('promote');
  });

  it('rolls back when the canary errs clearly more than stable, though within the budget', () => {
    const sut = decide(track(1000, 4), track(1000, 0), { ...t, maxErrorRatioIncrease: 0.003 }); // 0.4 % vs 0 %
    expect(sut.verdict).toBe('rollback');
    expect(sut.reason).toContain("exceeds stable's 0.00 %");
  });

  it('does not compare with stable when stable served too little to be a baseline', () => {
    const sut = decide(track(1000, 4, 0.1), track(5, 0, 0.01), t);
    expect(sut.verdict).toBe('promote');
    expect(sut.reason).toContain('only absolute limits were applied');
  });

  it('waits when requests were counted but the latency histogram is empty', () => {
    const sut = decide(track(150, 0, null), healthyStable, t);
    expect(sut.verdict).toBe('wait');
    expect(sut.reason).toContain('latency histogram');
  });

  it("rolls back when more canary requests than the latency SLO's budget are slower than its bound", () => {
    const sut = decide(track(500, 0, 0.2, 6), track(1000, 0, 0.2), t); // 1.2 % over 250 ms
    expect(sut.verdict).toBe('rollback');
    expect(sut.reason).toContain(
      "canary served 1.20 % of requests slower than 250 ms; the latency SLO's budget is 1.00 %",
    );
    expect(decide(track(500, 0, 0.2, 5), track(1000, 0, 0.2), t).verdict).toBe('promote'); // exactly 1 %
  });

  it('rolls back when the canary p95 is much slower than stable', () => {
    const sut = decide(track(500, 0, 0.3), track(1000, 0, 0.1), t);
    expect(sut.verdict).toBe('rollback');
    expect(sut.reason).toContain("more than 1.25x stable's 100 ms");
  });

  it('tolerates a large ratio when the absolute difference is noise', () => {
    expect(decide(track(500, 0, 0.012), track(1000, 0, 0.004), t).verdict).toBe('promote');
  });

  it('skips the latency comparison when stable has no latency data', () => {
    expect(decide(track(500, 0, 0.3), track(1000, 0, null), t).verdict).toBe('promote');
  });

  it('promotes a healthy canary with enough traffic and says why', () => {
    const sut = decide(track(400, 1, 0.09), healthyStable, t);
    expect(sut.verdict).toBe('promote');
    expect(sut.reason).toMatch(
      /canary healthy over 400 requests: 0.25 % errors, 0.00 % slower than 250 ms, p95 90 ms; stable 0.20 % errors/,
    );
    expect(sut.canary.errorRatio).toBeCloseTo(0.0025);
    expect(sut.stable.errorRatio).toBeCloseTo(0.002);
  });

  it('rejects nonsense thresholds instead of deciding with them', () => {
    expect(() => decide(track(1, 0), healthyStable, { ...t, minRequests: 0 })).toThrow(/minRequests/);
    expect(() => decide(track(1, 0), healthyStable, { ...t, maxErrorRatio: 2 })).toThrow(/maxErrorRatio/);
    expect(() => decide(track(1, 0), healthyStable, { ...t, maxP95Ratio: 0.5 })).toThrow(/maxP95Ratio/);
  });
});

const exposition = (ok: number, errors: number, fast: number, slow: number, probes = 0) => `
# HELP http_requests_total Total HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/v1/tasks",status="200"} ${ok}
http_requests_total{method="POST",route="/api/v1/tasks",status="503"} ${errors}
http_requests_total{method="GET",route="/health/ready",status="200"} ${probes}
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1",method="GET",route="/api/v1/tasks",status="200"} ${fast}
http_request_duration_seconds_bucket{le="0.5",method="GET",route="/api/v1/tasks",status="200"} ${fast + slow}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/tasks",status="200"} ${fast + slow}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health/ready",status="200"} ${probes}
http_request_duration_seconds_sum{method="GET",route="/api/v1/tasks",status="200"} 1.5
http_request_duration_seconds_count{method="GET",route="/api/v1/tasks",status="200"} ${fast + slow}
process_start_time_seconds 1.7e9
`;

describe('prometheus', () => {
  it('parses samples, labels with escapes, +Inf and timestamps', () => {
    const sut = parsePrometheusText(
      'a_total{route="/x",msg="say \\"hi\\""} 3 1700000000000\nb{le="+Inf"} +Inf\nc 4.5e1\n',
    );
    expect(sut).toEqual([
      { name: 'a_total', labels: { route: '/x', msg: 'say "hi"' }, value: 3 },
      { name: 'b', labels: { le: '+Inf' }, value: Infinity },
      { name: 'c', labels: {}, value: 45 },
    ]);
  });

  it('refuses text that is not the exposition format', () => {
    expect(() => parsePrometheusText('<html>login</html>')).toThrow(/unparseable/);
  });

  it('counts traffic and 5xx, leaving probe routes out', () => {
    const sut = summarize(parsePrometheusText(exposition(90, 10, 80, 10, 500)));
    expect(sut.requests).toBe(100);
    expect(sut.errors).toBe(10);
    expect(sut.p95Seconds).toBeCloseTo(0.1 + (0.4 * (85.5 - 80)) / 10);
  });

  it("counts the requests slower than the latency SLO's bound, exactly at a bucket bound", () => {
    const samples = parsePrometheusText(exposition(90, 10, 80, 10, 500));
    const at = (latencyThresholdSeconds: number) =>
      summarize(samples, { excludeRoutePrefixes: ['/health', '/metrics'], latencyThresholdSeconds });
    expect(at(0.1)).toMatchObject({ observed: 90, slow: 10 });
    expect(at(0.5)).toMatchObject({ observed: 90, slow: 0 });
    expect(at(0.25).slow).toBeCloseTo(10 - (10 * 0.15) / 0.4); // inside a bucket: interpolated
  });

  it('computes quantiles like histogram_quantile, including the +Inf bucket and no data', () => {
    expect(histogramQuantile(0.95, new Map())).toBeNull();
    expect(
      histogramQuantile(
        0.5,
        new Map([
          [1, 10],
          [Infinity, 10],
        ]),
      ),
    ).toBeCloseTo(0.5);
    expect(
      histogramQuantile(
        0.95,
        new Map([
          [1, 1],
          [Infinity, 10],
        ]),
      ),
    ).toBe(1);
  });

  it('takes the increase between scrapes and treats a counter that went down as a restart', () => {
    const before = toSnapshot(parsePrometheusText('x_total{a="1"} 10\ny_total 50\n'));
    const after = toSnapshot(parsePrometheusText('x_total{a="1"} 15\ny_total 3\nz_total 2\n'));
    expect(delta(before, after).map((s) => [s.name, s.value])).toEqual([
      ['x_total', 5],
      ['y_total', 3],
      ['z_total', 2],
    ]);
  });
});

function fakeIo(responses: Record<string, string[]>) {
  const calls: { url: string; auth?: string }[] = [];
  const logs: string[] = [];
  const io: Io = {
    fetch: (async (url: string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ url, auth: headers.authorization });
      const queue = responses[url];
      if (!queue || queue.length === 0) return new Response('gone', { status: 503 });
      const body = queue.length > 1 ? queue.shift()! : queue[0]!;
      return new Response(body, { status: 200 });
    }) as typeof fetch,
    sleep: async () => {},
    log: (line) => logs.push(line),
  };
  return { io, calls, logs };
}

describe('canary gate CLI', () => {
  const base = ['--canary', 'http://c/metrics', '--stable', 'http://s/metrics', '--interval', '10'];

  it('judges only the increase over the window and promotes at its end', async () => {
    const { io, calls, logs } = fakeIo({
      // stable has a bad history (lots of old errors) but is clean inside the window
      'http://c/metrics': [exposition(0, 0, 0, 0), exposition(150, 0, 149, 1)],
      'http://s/metrics': [exposition(1000, 900, 1000, 0), exposition(2000, 900, 2000, 0)],
    });
    const sut = await runGate(parseCli([...base, '--window', '30'], { METRICS_TOKEN: 'tok' }), io);
    expect(sut.verdict).toBe('promote');
    expect(sut.elapsedSeconds).toBe(30);
    expect(sut.scrapes).toBe(4);
    expect(sut.stable.errors).toBe(0);
    expect(calls.every((c) => c.auth === 'Bearer tok')).toBe(true);
    expect(logs.at(-1)).toMatch(/^\[30s\/30s\] promote/);
  });

  it('rolls back as soon as the canary fails, without waiting for the window', async () => {
    const { io } = fakeIo({
      'http://c/metrics': [exposition(0, 0, 0, 0), exposition(50, 50, 50, 0)],
      'http://s/metrics': [exposition(0, 0, 0, 0)],
    });
    const sut = await runGate(parseCli([...base, '--window', '300'], {}), io);
    expect(sut.verdict).toBe('rollback');
    expect(sut.elapsedSeconds).toBe(10);
  });

  it('ends the window with wait (never promote) when traffic stayed too low', async () => {
    const { io } = fakeIo({
      'http://c/metrics': [exposition(0, 0, 0, 0), exposition(5, 0, 5, 0)],
      'http://s/metrics': [exposition(0, 0, 0, 0), exposition(500, 0, 500, 0)],
    });
    const sut = await runGate(parseCli([...base, '--window', '20'], {}), io);
    expect(sut.verdict).toBe('wait');
    expect(sut.elapsedSeconds).toBe(20);
  });

  it('sums several pods per track', async () => {
    const { io } = fakeIo({
      'http://c/metrics': [exposition(60, 0, 60, 0)],
      'http://c2/metrics': [exposition(60, 0, 60, 0)],
      'http://s/metrics': [exposition(0, 0, 0, 0)],
    });
    const sut = await runGate(parseCli([...base, '--canary', 'http://c2/metrics', '--window', '0'], {}), io);
    expect(sut.canary.requests).toBe(120);
    expect(sut.verdict).toBe('promote');
  });

  it('prints rollback and exits 2 when metrics cannot be read', async () => {
    const { io } = fakeIo({ 'http://s/metrics': [exposition(0, 0, 0, 0)] });
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      out.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main([...base, '--window', '0'], {}, io)).toBe(2);
    } finally {
      process.stdout.write = write;
    }
    expect(JSON.parse(out.join(''))).toMatchObject({ verdict: 'rollback', error: true });
    expect(out.join('')).toContain('could not scrape http://c/metrics: HTTP 503');
  });

  it("takes the SLO from the chart's values.yaml, overridden by --slo-values files", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slo-'));
    try {
      const looser = join(dir, 'values-env.yaml');
      writeFileSync(looser, 'slo:\n  availability:\n    objective: 99\n');
      const chart = loadSlo();
      expect(parseCli([], {}).thresholds).toMatchObject({
        maxErrorRatio: (100 - chart.availability.objective) / 100,
        maxSlowRatio: (100 - chart.latency.objective) / 100,
        latencyThresholdSeconds: chart.latency.thresholdSeconds,
      });
      expect(parseCli(['--slo-values', looser], {}).thresholds.maxErrorRatio).toBeCloseTo(0.01);
      expect(loadSlo([looser]).latency).toEqual(chart.latency); // only what the file sets changes

      const scrapes = () => ({
        'http://c/metrics': [exposition(992, 8, 1000, 0)], // 0.8 % errors
        'http://s/metrics': [exposition(994, 6, 1000, 0)],
      });
      const args = [...base, '--window', '0'];
      expect((await runGate(parseCli(args, {}), fakeIo(scrapes()).io)).verdict).toBe(
        chart.availability.objective > 99.2 ? 'rollback' : 'promote',
      );
      expect(
        (await runGate(parseCli([...args, '--slo-values', looser], {}), fakeIo(scrapes()).io)).verdict,
      ).toBe('promote');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad flags with a clear message', () => {
    expect(() => parseCli(['--window', 'soon'], {})).toThrow('--window must be a number, got "soon"');
    expect(() => parseCli(['--bogus'], {})).toThrow(/bogus/);
  });
});
