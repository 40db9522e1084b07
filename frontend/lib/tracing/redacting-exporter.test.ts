import { SpanKind } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { describe, expect, it } from 'vitest';
import { RedactingSpanExporter, redactSecretPaths } from './redacting-exporter';

function exportedSpans(record: (tracer: ReturnType<tracing.BasicTracerProvider['getTracer']>) => void) {
  const memory = new tracing.InMemorySpanExporter();
  const provider = new tracing.BasicTracerProvider({
    spanProcessors: [new tracing.SimpleSpanProcessor(new RedactingSpanExporter(memory))],
  });
  record(provider.getTracer('test'));
  return memory.getFinishedSpans();
}

describe('spans on their way to the trace store', () => {
  it('lose invitation tokens from their names and URL attributes', () => {
    const [page, fetched] = exportedSpans((tracer) => {
      tracer
        .startSpan('GET /invite/[token]', {
          kind: SpanKind.SERVER,
          attributes: {
            'http.method': 'GET',
            'http.target': '/invite/inv_Secret123?from=mail',
            'http.status_code': 200,
          },
        })
        .end();
      tracer
        .startSpan('fetch GET http://api:8000/api/v1/invitations/inv_Secret123', {
          kind: SpanKind.CLIENT,
          attributes: { 'http.url': 'http://api:8000/api/v1/invitations/inv_Secret123' },
        })
        .end();
    });
    expect(page!.name).toBe('GET /invite/[token]');
    expect(page!.attributes).toEqual({
      'http.method': 'GET',
      'http.target': '/invite/[redacted]?from=mail',
      'http.status_code': 200,
    });
    expect(page!.kind).toBe(SpanKind.SERVER);
    expect(page!.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fetched!.name).toBe('fetch GET http://api:8000/api/v1/invitations/[redacted]');
    expect(fetched!.attributes['http.url']).toBe('http://api:8000/api/v1/invitations/[redacted]');
    expect(JSON.stringify([page!.attributes, fetched!.attributes, fetched!.name])).not.toContain(
      'inv_Secret123',
    );
  });

  it('pass through untouched when they carry no token', () => {
    const [span] = exportedSpans((tracer) =>
      tracer
        .startSpan('POST /api/v1/invitations/accept', {
          attributes: { 'http.target': '/api/v1/invitations/accept' },
        })
        .end(),
    );
    expect(span!.attributes['http.target']).toBe('/api/v1/invitations/accept');
    expect(span!.constructor.name).not.toBe('Object');
  });
});

describe('redactSecretPaths', () => {
  it('keeps everything but the token, and leaves other paths alone', () => {
    expect(redactSecretPaths('/invite/abc%2Fdef')).toBe('/invite/[redacted]');
    expect(redactSecretPaths('/api/v1/invitations/accept')).toBe('/api/v1/invitations/accept');
    expect(redactSecretPaths('/tasks?invite=1')).toBe('/tasks?invite=1');
  });
});
