const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * Why a registered redirect URI is refused, or undefined when it is allowed: `https` (matched exactly later), or
 * `http` on a loopback address for native clients (RFC 8252 §7.3, any port). No fragments.
 */
export function redirectUriProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const url = URL.parse(value);
  if (!url) return 'must be an absolute URL';
  if (url.hash || value.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be https, or http on 127.0.0.1 or [::1]';
}

/** The registration's first redirect URI problem, named by index. */
export function registrationProblem(body: unknown): string | undefined {
  const uris = (body as { redirect_uris?: unknown } | null)?.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) return 'redirect_uris must be a non-empty array';
  for (const [index, uri] of uris.entries()) {
    const problem = redirectUriProblem(uri);
    if (problem) return `redirect_uris[${index}] ${problem}`;
  }
  return undefined;
}
