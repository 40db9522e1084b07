import type { Problem } from '@todo/openapi';

/** Field name → message, from a problem+json `errors` array (`tags.2` is reported on `tags`). */
export function fieldErrors(problem: Partial<Problem> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const field = e.path.split('.')[0] || '(body)';
    if (!out[field]) out[field] = e.message;
  }
  return out;
}

/** A sentence for a person, from whatever the API or the network gave us. */
export function problemMessage(
  problem: Partial<Problem> | undefined | null,
  fallback = 'Something went wrong. Please try again.',
): string {
  if (!problem) return fallback;
  if (problem.status === 429) return 'Too many attempts. Please wait a moment and try again.';
  return problem.detail || problem.title || fallback;
}

/** The API's answer when an action needs a fresh password sign-in (e.g. creating a personal access token). */
export const needsReauthentication = (problem: Partial<Problem> | undefined | null) =>
  problem?.type === '/problems/reauthentication-required';

/**
 * Answers that mean a request did not get through to a working API and may be sent again unchanged: the network
 * failed (no status), the gateway could not reach the API (502, 504), or it is unavailable (503).
 */
export function isUnreachable(status: number | undefined): boolean {
  return status === undefined || status === 502 || status === 503 || status === 504;
}
