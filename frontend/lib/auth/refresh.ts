import 'server-only';
import type { AuthTokens } from '@todo/openapi';
import { serverApi } from '../api/server';

/**
 * What the API's refresh route said. Only the API refusing the token itself ends the session: 401 (invalid,
 * expired, revoked or reused) or 400 (not even shaped like a token; asking again cannot help). A 429, a 5xx or no
 * answer at all is passing: the person keeps the cookies and is asked to retry.
 */
export type RefreshOutcome =
  | { kind: 'renewed'; tokens: AuthTokens }
  | { kind: 'ended' }
  | { kind: 'unavailable'; retryAfterSeconds: number };

const DEFAULT_RETRY_SECONDS = 5;
const MAX_RETRY_SECONDS = 300;

// On globalThis: proxy.ts and route handlers are separate bundles that must share one map per process.
const inFlight = ((
  globalThis as { __todoRefreshInFlight?: Map<string, Promise<RefreshOutcome>> }
).__todoRefreshInFlight ??= new Map());

/**
 * Renews a session through the API. Calls in flight with the same refresh token — one browser's parallel
 * requests carrying the same cookie — share one API call; nothing is kept once it settles. A later request with
 * the old cookie asks the API again: within its short grace window the API answers the just-rotated token with
 * the same pair (another replica may have spent it), and after that its reuse detection sees a stolen cookie.
 */
export function refreshSession(
  refreshToken: string,
  browserAddress: string | null = null,
): Promise<RefreshOutcome> {
  const pending = inFlight.get(refreshToken);
  if (pending) return pending;
  const call = callRefresh(refreshToken, browserAddress).finally(() => inFlight.delete(refreshToken));
  inFlight.set(refreshToken, call);
  return call;
}

async function callRefresh(refreshToken: string, browserAddress: string | null): Promise<RefreshOutcome> {
  try {
    const { data, response } = await serverApi(undefined, browserAddress).POST('/api/v1/auth/refresh', {
      body: { refreshToken },
    });
    if (data) return { kind: 'renewed', tokens: data };
    if (response.status === 400 || response.status === 401) return { kind: 'ended' };
    return { kind: 'unavailable', retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) };
  } catch {
    return { kind: 'unavailable', retryAfterSeconds: DEFAULT_RETRY_SECONDS };
  }
}

/** The API's Retry-After in seconds (it sends delta-seconds), bounded; a sensible default without one. */
export function retryAfterSeconds(header: string | null): number {
  const seconds = Number(header);
  if (!header || !Number.isInteger(seconds) || seconds < 1) return DEFAULT_RETRY_SECONDS;
  return Math.min(seconds, MAX_RETRY_SECONDS);
}
