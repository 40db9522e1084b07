import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  type LabelValues,
  type Metric,
  type OpenMetricsContentType,
  Registry,
} from 'prom-client';
import { DatabaseService } from '../database/database.service.js';
import { RealtimeMetrics } from '../realtime/realtime.metrics.js';

/** Seconds; dense below 100 ms where the API lives, sparse above for timeouts and slow statements. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One registry per application (tests boot several apps in one process, so nothing goes in prom-client's global
 * registry). Series names are a contract: the release workflow's canary gate reads `http_requests_total` and
 * `http_request_duration_seconds` (scripts/release/prometheus.ts); docs/operations.md lists every series.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /**
   * The same series in the OpenMetrics format, the only one that carries exemplars: served to scrapers that ask
   * for it (Prometheus does, and stores exemplars with --enable-feature=exemplar-storage).
   */
  readonly openMetrics = openMetricsRegistry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request received to response sent, by route template, method and status (event streams left out).',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    // Per bucket, the trace id of the latest traced request in it (when traces are exported; tracing/).
    // prom-client accepts exemplars only on a metric created in an OpenMetrics registry; the text registry gets it
    // in the constructor, and renders it without them.
    enableExemplars: true,
    registers: [this.openMetrics],
  });

  constructor(database: DatabaseService, realtime: RealtimeMetrics) {
    this.registry.registerMetric(this.httpDuration);
    collectDefaultMetrics({ register: this.registry });
    for (const metric of realtime.all()) this.registry.registerMetric(metric);
    const pool = () => database.client.poolStats();
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge(
      'db_pool_max',
      'Connections the pool may open (DB_POOL_MAX; 1 for embedded PGlite).',
      () => pool().max,
    );
    gauge(
      'db_pool_in_use',
      'Connections busy: open transactions plus statements in flight, capped at db_pool_max.',
      () => Math.min(pool().max, pool().transactions + pool().queriesInFlight),
    );
    gauge(
      'db_pool_waiting',
      'Work beyond db_pool_max (upper bound: postgres.js may pipeline some of it on busy connections instead of queueing).',
      () => Math.max(0, pool().transactions + pool().queriesInFlight - pool().max),
    );
    gauge(
      'db_queries_in_flight',
      'Pool-level statements sent and not yet answered (outside transactions).',
      () => pool().queriesInFlight,
    );
    gauge(
      'db_transactions_open',
      'Transactions open, each holding one pooled connection.',
      () => pool().transactions,
    );
    new Counter({
      name: 'db_operations_total',
      help: 'Pool-level statements and transactions started since the process began.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(pool().operations);
      },
    });
    // getMetricsAsArray() hands back the metric objects themselves (typed as their serialised form).
    for (const metric of this.registry.getMetricsAsArray() as unknown as Metric[]) {
      this.openMetrics.registerMetric(metric);
    }
  }

  private rendering: Promise<unknown> = Promise.resolve();

  /**
   * The exposition in the Prometheus text format, or in OpenMetrics (with exemplars). One at a time: prom-client's
   * OpenMetrics rendering strips `_total` from the names of the counter objects both registries share, and the
   * names are put back before the next rendering starts.
   */
  render(openMetrics: boolean): Promise<{ body: string; contentType: string }> {
    const run = async () => {
      if (!openMetrics)
        return { body: await this.registry.metrics(), contentType: this.registry.contentType };
      const metrics = this.openMetrics.getMetricsAsArray() as unknown as { name: string }[];
      const names = metrics.map((metric) => [metric, metric.name] as const);
      try {
        return { body: await this.openMetrics.metrics(), contentType: this.openMetrics.contentType };
      } finally {
        for (const [metric, name] of names) metric.name = name;
      }
    };
    const result = this.rendering.then(run, run);
    this.rendering = result.catch(() => undefined);
    return result;
  }

  /** Bound children per route/method/status: prom-client then skips label validation and hashing per request. */
  private readonly children = new Map<
    string,
    { requests: ReturnType<Counter['labels']>; duration: ReturnType<Histogram['labels']> }
  >();

  /** `traceId`: the request's sampled trace, kept as the exemplar of the latency bucket the request falls in. */
  observe(
    route: string,
    method: string,
    status: number,
    seconds: number | undefined,
    traceId?: string,
  ): void {
    const key = `${method} ${status} ${route}`;
    let child = this.children.get(key);
    if (!child) {
      const labels = { route, method, status: String(status) };
      child = { requests: this.httpRequests.labels(labels), duration: this.httpDuration.labels(labels) };
      this.children.set(key, child);
    }
    child.requests.inc();
    if (seconds === undefined) return;
    if (traceId === undefined) child.duration.observe(seconds);
    else {
      const labels = { route, method, status: String(status) };
      // prom-client types exemplar labels as the metric's own label names; any names are valid there.
      const exemplarLabels = { trace_id: traceId } as LabelValues<string> as LabelValues<'route'>;
      this.httpDuration.observe({ labels, value: seconds, exemplarLabels });
    }
  }
}

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}
