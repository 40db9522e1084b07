/**
 * CSRF defence for cookie-authenticated state changes: the browser always sends Origin on cross-site
 * POST/PATCH/DELETE (and Sec-Fetch-Site on modern browsers). A mutation is accepted only when it comes
 * from our own origin. Safe methods are never checked. Requests that carry their own Authorization
 * header (agents with a personal access token) are not cookie-authenticated and need no check.
 */
export interface OriginCheckInput {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSameOriginMutation({ method, origin, secFetchSite, host }: OriginCheckInput): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  if (origin && origin !== 'null') {
    try {
      return host !== null && new URL(origin).host.toLowerCase() === host.toLowerCase();
    } catch {
      return false;
    }
  }
  if (secFetchSite) return secFetchSite === 'same-origin' || secFetchSite === 'none';
  // No Origin and no Fetch Metadata: not a browser form/fetch from another site (those always send one).
  return origin === null;
}
