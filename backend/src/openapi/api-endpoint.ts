import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';

export type ApiHeader = 'Idempotency-Key' | 'If-Match' | 'If-None-Match' | 'Last-Event-ID';

export interface EndpointResponse {
  description: string;
  /** The body's schema, a component of responseSchemas; omitted for empty bodies. */
  schema?: z.ZodType;
  contentType?: string;
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
  /** Overrides the schema component's first example for this response. */
  example?: unknown;
}

export interface EndpointSpec {
  operationId: string;
  tag:
    | 'Auth'
    | 'Users'
    | 'Tasks'
    | 'Projects'
    | 'Sections'
    | 'Trash'
    | 'Tokens'
    | 'OAuth'
    | 'Feeds'
    | 'Webhooks'
    | 'Portability';
  summary: string;
  description: string;
  /** Public routes carry no security requirement. */
  public?: boolean;
  /** The request body's schema, a component of requestSchemas. */
  body?: z.ZodType;
  /** Other media types the body may come as (JSON Schema each), beside the JSON `body`. */
  bodyAlternatives?: Record<string, { schema: Record<string, unknown>; example?: unknown }>;
  /** Overrides the body component's first example for this operation. */
  bodyExample?: unknown;
  /** Throttled routes: their responses carry X-RateLimit-* headers. */
  rateLimited?: boolean;
  query?: z.ZodObject;
  pathParams?: Record<string, string>;
  headers?: ApiHeader[];
  responses: Record<number, EndpointResponse>;
  /** Statuses answered with a Problem body. */
  errors: number[];
}

/** Operation specs by operationId; build-document.ts completes the generated document from them. */
export const endpointSpecs = new Map<string, EndpointSpec>();
/** Route handlers by operationId, so the document can read what @Scope() each declares (agents' tokens). */
export const endpointHandlers = new Map<string, object>();

/** Declares a route's contract once: operationId, docs, parameters, responses and errors. */
export function ApiEndpoint(spec: EndpointSpec): MethodDecorator {
  if (endpointSpecs.has(spec.operationId)) throw new Error(`duplicate operationId ${spec.operationId}`);
  endpointSpecs.set(spec.operationId, spec);
  return applyDecorators(
    ApiOperation({ operationId: spec.operationId, summary: spec.summary, description: spec.description }),
    ApiTags(spec.tag),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      endpointHandlers.set(spec.operationId, descriptor.value as object);
    },
  );
}
