import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpCaching } from './http-caching.decorators.js';

const TAG = Symbol('etag');
type TaggedReply = FastifyReply & { [TAG]?: string };

interface VersionedPage {
  items: { id: string; version: number }[];
  nextCursor: string | null;
}

const policyOf = (request: FastifyRequest): HttpCaching | undefined =>
  request.routeOptions.config?.httpCaching;

const isRead = (request: FastifyRequest, reply: FastifyReply) =>
  reply.statusCode === 200 && (request.method === 'GET' || request.method === 'HEAD');

/**
 * Cache-Control and conditional GET as each route declares them (@NoStore, @ETag): routes that declare no
 * Cache-Control answer `private, no-cache` (user data, always revalidated). Version and page tags come from the
 * payload before it is serialized, body tags from the serialized body. Registered before compression, so a body
 * is hashed as sent without encoding and a 304 costs no compression.
 */
export function registerHttpCaching(fastify: FastifyInstance): void {
  fastify.addHook(
    'preSerialization',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      const etag = policyOf(request)?.etag;
      if ((etag === 'version' || etag === 'page') && isRead(request, reply)) {
        const tag =
          etag === 'version' ? versionTag(payload) : isVersionedPage(payload) ? pageTag(payload) : undefined;
        if (tag) (reply as TaggedReply)[TAG] = tag;
      }
      done(null, payload);
    },
  );
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    done(null, conditionalAnswer(request, reply, payload));
  });
}

/** Sets Cache-Control and the ETag the route declares; null (a 304 without body) when If-None-Match matches. */
function conditionalAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  const policy = policyOf(request);
  if (!reply.hasHeader('cache-control'))
    void reply.header('cache-control', policy?.cacheControl ?? 'private, no-cache');
  if (!policy?.etag || !isRead(request, reply) || typeof payload !== 'string') return payload;
  const tag = (reply as TaggedReply)[TAG] ?? (policy.etag === 'body' ? hashTag(payload) : undefined);
  if (!tag) return payload;
  void reply.header('etag', tag);
  if (!matches(request.headers['if-none-match'], tag)) return payload;
  void reply.status(304).removeHeader('content-length').removeHeader('content-type');
  return null;
}

/** A task's tag is its version (weak: the bytes may differ by encoding); it also works as an `If-Match` value. */
export function versionTag(payload: unknown): string | undefined {
  const version = (payload as { version?: unknown } | null)?.version;
  return Number.isInteger(version) ? `W/"${version as number}"` : undefined;
}

// crypto.hash: one call, no Hash object per response (same digest as createHash().update().digest()).
export const hashTag = (body: string) => `W/"${hash('sha1', body, 'base64url').slice(0, 22)}"`;

function isVersionedPage(payload: unknown): payload is VersionedPage {
  return typeof payload === 'object' && payload !== null && Array.isArray((payload as VersionedPage).items);
}

/**
 * The weak tag of a page of tasks from what determines its body: every change of a listed field bumps the task's
 * version, and trashing or restoring changes which ids are listed. Same form as hashTag (22 base64url characters
 * of a SHA-1). A UUID, a version and a base64url cursor hold no `,` `:` or `~`, so different pages never make the
 * same input.
 */
export function pageTag(page: VersionedPage): string {
  let key = page.nextCursor ?? '~';
  for (const item of page.items) key += `,${item.id}:${item.version}`;
  return `W/"${hash('sha1', key, 'base64url').slice(0, 22)}"`;
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
export function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  const wanted = opaque(tag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}
