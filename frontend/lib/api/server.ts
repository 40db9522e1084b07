import 'server-only';
import { createApiClient } from '@todo/openapi';
import { config } from '../config';
import { gatewayHeaders } from './gateway';

/**
 * The typed client for server-side calls, authenticated with the session's access token. `browserAddress` is
 * the browser's address (see clientAddress), sent the way gatewayHeaders decides.
 */
export function serverApi(accessToken?: string, browserAddress: string | null = null) {
  const headers: Record<string, string> = gatewayHeaders(browserAddress);
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  return createApiClient(config.backendUrl, { headers, cache: 'no-store' });
}
