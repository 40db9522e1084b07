import 'server-only';
import { createApiClient } from '@todo/openapi';
import { config } from '../config';

/** The typed client for server-side calls, authenticated with the session's access token. */
export function serverApi(accessToken?: string) {
  return createApiClient(config.backendUrl, {
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    cache: 'no-store',
  });
}
