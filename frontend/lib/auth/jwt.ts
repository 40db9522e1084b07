/**
 * Reads the `exp` claim of a JWT without verifying it. Only used to decide *when* to refresh; the
 * backend verifies every token it receives.
 */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(
      Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
    );
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
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
