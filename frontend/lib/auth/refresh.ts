import 'server-only';
import type { AuthTokens } from '@todo/openapi';
import { serverApi } from '../api/server';

/**
 * Refresh tokens are single-use and a reused one revokes the whole session (theft detection). A page
 * load fires several requests carrying the same stale cookie at once, so concurrent refreshes of one
 * token share a single backend call, and its result is remembered briefly for stragglers. The cache
 * lives on globalThis so proxy.ts and route handlers (separate bundles) share it within a process.
 */
type Outcome = { ok: true; tokens: AuthTokens } | { ok: false; status: number };
interface Entry {
  promise: Promise<Outcome>;
  at: number;
}

const KEEP_MS = 60_000;
const store = ((globalThis as { __todoRefresh?: Map<string, Entry> }).__todoRefresh ??= new Map());

export function refreshSession(refreshToken: string, forwardedFor?: string | null): Promise<Outcome> {
  const now = Date.now();
  for (const [key, entry] of store) if (now - entry.at > KEEP_MS) store.delete(key);
  const existing = store.get(refreshToken);
  if (existing) return existing.promise;
  const promise = (async (): Promise<Outcome> => {
    try {
      const { data, response } = await serverApi(undefined, forwardedFor).POST('/api/v1/auth/refresh', {
        body: { refreshToken },
      });
      return data ? { ok: true, tokens: data } : { ok: false, status: response.status };
    } catch {
      return { ok: false, status: 503 };
    }
  })();
  store.set(refreshToken, { promise, at: now });
  // A transient failure (backend down) should not be cached: the next request may retry.
  void promise.then((o) => {
    if (!o.ok && o.status >= 500) store.delete(refreshToken);
  });
  return promise;
}
