/**
 * OpenTelemetry for the web server, started from instrumentation.ts when traces have somewhere to go: an OTLP
 * endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set and OTEL_SDK_DISABLED is not
 * `true`. Otherwise the SDK is never loaded, and Next's own spans and the `traceparent` sent to the API
 * (lib/api/gateway.ts) stay no-ops. Next creates the spans (one per request, its handler, its fetches); the SDK
 * exports them over OTLP, configured by the standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL,
 * OTEL_TRACES_SAMPLER, OTEL_BSP_*…; OTEL_TRACES_EXPORTER is not read). Traces only: no metrics or logs are exported.
 */
export const SERVICE_NAME = 'todo-web';

export function tracesExported(env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return !!endpoint && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
}

export async function startTracing(): Promise<void> {
  if (!tracesExported()) return;
  const [{ NodeSDK }, { RedactingSpanExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('./redacting-exporter'),
  ]);
  const sdk = new NodeSDK({
    // The default name; OTEL_SERVICE_NAME overrides it.
    serviceName: process.env.OTEL_SERVICE_NAME ? undefined : SERVICE_NAME,
    // OTLP as the SDK would pick it from the environment, behind a filter that keeps invitation tokens out of span
    // names and URLs (redacting-exporter.ts). The batch processor around it still reads OTEL_BSP_*.
    traceExporter: new RedactingSpanExporter(await otlpExporter()),
    metricReaders: [],
    logRecordProcessors: [],
  });
  // No flush on SIGTERM: Next's own handler exits at once, so the last batch (at most OTEL_BSP_SCHEDULE_DELAY of
  // spans) of a stopping pod is lost.
  sdk.start();
  console.log(`tracing: exporting spans over OTLP as ${process.env.OTEL_SERVICE_NAME || SERVICE_NAME}`);
}

/**
 * The OTLP span exporter for OTEL_EXPORTER_OTLP_TRACES_PROTOCOL (else OTEL_EXPORTER_OTLP_PROTOCOL, else
 * http/protobuf, the specification's default); each reads its endpoint, headers and timeout from the environment.
 */
async function otlpExporter() {
  const protocol =
    process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf';
  if (protocol === 'grpc')
    return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter();
  if (protocol === 'http/json')
    return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
}
