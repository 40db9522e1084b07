import { context, propagation } from '@opentelemetry/api';

/**
 * The active trace as W3C `traceparent` (and `tracestate`) headers, so the API continues the web request's trace.
 * Empty when tracing is off: the API's default propagator injects nothing.
 */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}
