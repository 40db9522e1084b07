import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A task's ETag is its version (weak: the bytes may differ by encoding); it also works as an `If-Match` value. */
const VERSIONED = new Set(['/api/v1/tasks/:id']);
/** Lists have no single version, so their ETag is a hash of the body. */
const HASHED = new Set(['/api/v1/tasks', '/api/v1/trash']);
/**
 * ...except the task list, whose body is a function of its tasks' ids and versions (every change of a listed
 * field bumps the version; trashing and restoring change which ids are listed) and its cursor: its tag is a hash
 * of those, taken from the page before it is serialized. (The trash keeps the body hash: moving a task to the
 * trash again changes its `deletedAt` ordering without a new version.)
 */
const PAGE_TAGGED = '/api/v1/tasks';
const PAGE_TAG = Symbol('pageTag');
type TaggedReply = FastifyReply & { [PAGE_TAG]?: string };

interface VersionedPage {
  items: { id: string; version: number }[];
  nextCursor: string | null;
}

// Inside a serialized Task, string values escape their quotes, so `"version":` can only be the top-level key.
const VERSION = /"version":(\d+)/;

/**
 * Conditional GET for task reads and lists: an ETag on every 200, and 304 with no body when `If-None-Match`
 * names it. Registered before compression, so the hash is of the identity body and a 304 costs no compression.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook(
    'preSerialization',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      if (
        request.routeOptions.url === PAGE_TAGGED &&
        reply.statusCode === 200 &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        isVersionedPage(payload)
      ) {
        (reply as TaggedReply)[PAGE_TAG] = pageTag(payload);
      }
      done(null, payload);
    },
  );
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string') return payload;
    const route = request.routeOptions.url ?? '';
    const tag = VERSIONED.has(route)
      ? versionTag(payload)
      : ((reply as TaggedReply)[PAGE_TAG] ?? (HASHED.has(route) ? hashTag(payload) : undefined));
    if (!tag) return payload;
    void reply.header('etag', tag);
    if (!matches(request.headers['if-none-match'], tag)) return payload;
    void reply.status(304).removeHeader('content-length').removeHeader('content-type');
    return null;
  });
}

export function versionTag(body: string): string | undefined {
  const version = VERSION.exec(body)?.[1];
  return version === undefined ? undefined : `W/"${version}"`;
}

// crypto.hash: one call, no Hash object per response (same digest as createHash().update().digest()).
export const hashTag = (body: string) => `W/"${hash('sha1', body, 'base64url').slice(0, 22)}"`;

function isVersionedPage(payload: unknown): payload is VersionedPage {
  return typeof payload === 'object' && payload !== null && Array.isArray((payload as VersionedPage).items);
}

/**
 * The weak tag of a page of tasks from what determines its body: the cursor and each task's id and version, in
 * order. Same form as hashTag (22 base64url characters of a SHA-1). A UUID, a version and a base64url cursor hold
 * no `,` `:` or `~`, so different pages never make the same input.
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
