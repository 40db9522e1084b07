import { config } from '../config';
import { peerAddress } from './peer-address';

const ADDRESS = /^[0-9a-f:.]{2,45}$/i;

interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The browser's address, for the API's per-address limits (it is sent with the gateway secret, see gateway.ts):
 * without it, everyone using this server would share its one address. Behind a proxy that appends the client's
 * address to X-Forwarded-For (FORWARD_CLIENT_IP=true), the last entry — the address that proxy saw; entries
 * before it are whatever the browser wrote. Otherwise the address of the connection itself.
 */
export function clientAddress(headers: HeaderReader): string | null {
  const address = config.forwardClientIp
    ? headers.get('x-forwarded-for')?.split(',').at(-1)?.trim()
    : peerAddress(headers);
  return address && ADDRESS.test(address) ? address : null;
}
