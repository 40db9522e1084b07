import type { AppConfig } from '../config/app-config.js';
import { redactUrl } from '../common/redact-url.js';

export const SERVICE_NAME = 'todo-api';

export interface Tracing {
  /** Ends the exporter after sending what is buffered. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when traces have somewhere to go (AppConfig.tracesExported); otherwise nothing is
 * loaded, and the API's spans, trace ids on log lines and exemplars stay no-ops. The SDK configures itself from the
 * standard variables (OTEL_EXPORTER_OTLP_*, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_PROPAGATORS…).
 * Traces only: the metrics are Prometheus' (metrics/), the logs pino's. Must run before the Fastify instance is
 * created: @fastify/otel attaches to it through Fastify's `fastify.initialization` diagnostics channel.
 */
export async function startTracing(config: AppConfig): Promise<Tracing | undefined> {
  if (!config.tracesExported) return undefined;
  const [{ NodeSDK }, { resourceFromAttributes }, { FastifyOtelInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/resources'),
    import('@fastify/otel'),
  ]);
  const sdk = new NodeSDK({
    // The default name; OTEL_SERVICE_NAME (and OTEL_RESOURCE_ATTRIBUTES) override it.
    resource: resourceFromAttributes({ 'service.name': SERVICE_NAME }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // One span per request (continuing the caller's `traceparent`) and one for its handler; a span per hook
        // would multiply the spans by the dozen hooks every request passes.
        instrumentHooks: false,
        ignorePaths: ({ url }) => url === '/health/live' || url === '/health/ready' || url === '/metrics',
        requestHook: (span, request) => {
          if (request.routeOptions.url) span.updateName(`${request.method} ${request.routeOptions.url}`);
          // The path as sent may carry a secret (an invitation's token): the span keeps it as the access log does.
          const path = redactUrl(request.url);
          if (path !== request.url) span.setAttribute('url.path', path ?? '');
        },
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
