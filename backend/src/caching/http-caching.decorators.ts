import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';

/**
 * How a GET route's 200 is tagged for conditional requests: `version` — the task's own version (`W/"3"`, usable as
 * If-Match too); `page` — a page of tasks, by its cursor and each task's id and version; `body` — a hash of the
 * serialized body.
 */
export type ETagSource = 'version' | 'page' | 'body';

/** A route's caching, kept in its Fastify route config (read by the hooks in conditional-get.ts). */
export interface HttpCaching {
  etag?: ETagSource;
  /** The Cache-Control of its answers; routes that declare none answer `private, no-cache`. */
  cacheControl?: string;
}

const HTTP_CACHING = 'httpCaching';

declare module 'fastify' {
  interface FastifyContextConfig {
    httpCaching?: HttpCaching;
  }
}

function merge(handler: object, policy: HttpCaching): void {
  const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<
    string,
    unknown
  >;
  const merged = { ...config, [HTTP_CACHING]: { ...(config[HTTP_CACHING] as HttpCaching), ...policy } };
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, merged, handler);
}

/** On a handler, or on a controller for each of its handlers. */
function declare(policy: HttpCaching): ClassDecorator & MethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      merge(descriptor.value as object, policy);
      return descriptor;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name !== 'constructor' && typeof prototype[name] === 'function') merge(prototype[name], policy);
    }
  }) as ClassDecorator & MethodDecorator;
}

/** Sends an ETag on every 200 and answers 304 with no body while `If-None-Match` names it. */
export const ETag = (source: ETagSource) => declare({ etag: source });

/** Answers are never stored by any cache: credentials and secrets. */
export const NoStore = () => declare({ cacheControl: 'no-store' });
