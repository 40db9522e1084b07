import { config } from '../config';

const ADDRESS = /^[0-9a-f:.]{2,45}$/i;

/**
 * The X-Forwarded-For to send the API for a browser request, or null. The API limits sign-ins per client
 * address; without this, everyone signing in through this server would share its one address. Only the last
 * entry is used: the address the proxy in front of us saw. Entries before it are whatever the browser wrote,
 * and with no proxy in front (FORWARD_CLIENT_IP unset) even the last one is, so nothing is forwarded.
 */
export function clientAddressHeader(forwardedFor: string | null): string | null {
  if (!config.forwardClientIp || !forwardedFor) return null;
  const nearest = forwardedFor.split(',').at(-1)?.trim() ?? '';
  return ADDRESS.test(nearest) ? nearest : null;
}
