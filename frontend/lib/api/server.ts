import 'server-only';
import { createApiClient } from '@todo/openapi';
import { config } from '../config';

/**
 * The typed client for server-side calls, authenticated with the session's access token. `forwardedFor` is the
 * browser's X-Forwarded-For as this server received it: the API limits auth requests per client address, and
 * without it every person signing in through this server would share one.
 */
export function serverApi(accessToken?: string, forwardedFor?: string | null) {
  const headers: Record<string, string> = {};
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (forwardedFor) headers['X-Forwarded-For'] = forwardedFor;
  return createApiClient(config.backendUrl, { headers, cache: 'no-store' });
}
