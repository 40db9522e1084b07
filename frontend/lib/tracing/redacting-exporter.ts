import type { tracing } from '@opentelemetry/sdk-node';

type ReadableSpan = tracing.ReadableSpan;
type SpanExporter = tracing.SpanExporter;
type ExportCallback = Parameters<SpanExporter['export']>[1];

/**
 * An invitation's token in a path: the invite page's (`/invite/…`) and the API's preview (`/api/v1/invitations/…`);
 * not `accept`, nor a route template's `[token]`.
 */
const INVITATION_TOKEN = /(\/invite\/|\/api\/v1\/invitations\/)(?!accept(?:[/?#]|$)|\[)[^/?#\s]+/g;

/** Text (a URL, a span name) with every invitation token replaced. */
export const redactSecretPaths = (text: string): string => text.replace(INVITATION_TOKEN, '$1[redacted]');

/**
 * Hands spans on to `inner` with invitation tokens taken out of their names and string attributes. Next names and
 * describes its spans by the URL as requested (`http.target` of a page request, `http.url` and the span name of a
 * server-side fetch), and an invitation's link carries its token: a bearer secret that must not reach the trace
 * store. Spans without one pass through untouched.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: ExportCallback): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function redactSpan(span: ReadableSpan): ReadableSpan {
  const name = redactSecretPaths(span.name);
  let changed = name !== span.name;
  const attributes: ReadableSpan['attributes'] = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    const kept = typeof value === 'string' ? redactSecretPaths(value) : value;
    changed ||= kept !== value;
    attributes[key] = kept;
  }
  if (!changed) return span;
  return {
    name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
