/**
 * Reads the `exp` claim of a JWT without verifying it. Only used to decide *when* to refresh; the
 * backend verifies every token it receives.
 */
export function tokenExpiresAt(token: string): number | null {
  const exp = claims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/**
 * The `sub` claim (the user's id), unverified: only used to pick which copy kept in this person's own browser to
 * show while the API cannot be asked.
 */
export function tokenSubject(token: string): string | null {
  const sub = claims(token)?.sub;
  return typeof sub === 'string' && /^[\w-]{1,64}$/.test(sub) ? sub : null;
}

function claims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
    );
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** True when the token is missing, unreadable or expires within `skewMs`. */
export function needsRefresh(token: string | undefined, now = Date.now(), skewMs = 30_000): boolean {
  if (!token) return true;
  const exp = tokenExpiresAt(token);
  return exp === null ? false : exp - skewMs <= now;
}
