import 'server-only';
import { createApiClient } from '@todo/openapi';
import { config } from '../config';
import { clientAddressHeader } from './client-address';

/**
 * The typed client for server-side calls, authenticated with the session's access token. `forwardedFor` is the
 * X-Forwarded-For this server received from the browser's side; see clientAddressHeader for what is passed on.
 */
export function serverApi(accessToken?: string, forwardedFor?: string | null) {
  const headers: Record<string, string> = {};
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  const clientAddress = clientAddressHeader(forwardedFor ?? null);
  if (clientAddress) headers['X-Forwarded-For'] = clientAddress;
  return createApiClient(config.backendUrl, { headers, cache: 'no-store' });
}
