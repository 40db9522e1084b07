import { trace } from '@opentelemetry/api';
import { node as traceNode } from '@opentelemetry/sdk-node';
import { describe, expect, it } from 'vitest';
import { gatewayHeaders } from '../api/gateway';
import { tracesExported } from './start';

describe('the trace context sent to the API', () => {
  it('is absent while no SDK is registered (tracing off)', () => {
    const headers = trace.getTracer('test').startActiveSpan('request', (span) => {
      span.end();
      return gatewayHeaders(null);
    });
    expect(headers).not.toHaveProperty('traceparent');
  });

  it("is the active span's W3C traceparent once the SDK is registered", () => {
    new traceNode.NodeTracerProvider().register();
    const { headers, ids } = trace.getTracer('test').startActiveSpan('request', (span) => {
      span.end();
      return { headers: gatewayHeaders('203.0.113.7'), ids: span.spanContext() };
    });
    expect(headers.traceparent).toBe(`00-${ids.traceId}-${ids.spanId}-01`);
  });
});

describe('tracesExported', () => {
  it('needs an OTLP endpoint, and OTEL_SDK_DISABLED turns it off', () => {
    expect(tracesExported({})).toBe(false);
    expect(tracesExported({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesExported({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(
      tracesExported({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }),
    ).toBe(false);
  });
});
