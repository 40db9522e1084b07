import type { IncomingMessage } from 'node:http';
import { type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

const SPAN_CONTEXT = Symbol('span context');
type Traced = IncomingMessage & { [SPAN_CONTEXT]?: SpanContext };

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * Keeps the request span's ids on the request, for what runs once the request's async context may be gone: the
 * request log line (written when the response finishes) and the latency exemplar (onResponse). Registered only
 * when traces are exported, after @fastify/otel's own onRequest hook has made the request span active.
 */
export function registerRequestTrace(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const span = trace.getActiveSpan();
    if (span) (request.raw as Traced)[SPAN_CONTEXT] = span.spanContext();
    done();
  });
}

const UNTRACED: TraceFields = Object.freeze({});

/** The request span's ids (registerRequestTrace); empty (and no allocation) when the request was not traced. */
export function requestTraceFields(request: IncomingMessage): TraceFields {
  const context = (request as Traced)[SPAN_CONTEXT];
  return context ? { trace_id: context.traceId, span_id: context.spanId } : UNTRACED;
}

/** The trace id of a sampled request, for an exemplar: a trace that was not exported is no example to follow. */
export function sampledTraceId(request: IncomingMessage): string | undefined {
  const context = (request as Traced)[SPAN_CONTEXT];
  return context && context.traceFlags & TraceFlags.SAMPLED ? context.traceId : undefined;
}

/** pino's mixin: `trace_id` and `span_id` of the span active where the line is logged. */
export function activeTraceFields(): TraceFields {
  const span = trace.getActiveSpan();
  if (!span) return {}; // a new object: pino merges the line into what the mixin returns
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
