import { lookup as lookupCallback, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, bits, 'ipv4');
}
for (const [network, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, bits, 'ipv6');
}

// BlockList matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against the IPv4 subnets by itself.
export const isPublicAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 0) return false;
  return !PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/**
 * Whether every address the URL's host resolves to is public: checked before a client ID metadata document is
 * fetched. oidc-provider checks the connected socket's address as well, which a DNS answer changed between the
 * two lookups cannot get past.
 */
export async function resolvesToPublicAddresses(url: string): Promise<boolean> {
  const host = URL.parse(url)?.hostname.replace(/^\[|\]$/g, '');
  if (!host) return false;
  try {
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true, verbatim: true });
    return addresses.length > 0 && addresses.every(({ address }) => isPublicAddress(address));
  } catch {
    return false;
  }
}

/**
 * Whether the URL's host is, or resolves to, a non-public address: a check that answers a bad URL when it is given.
 * A name that does not resolve (yet) passes; the connection is checked again anyway (`publicOnlyLookup`).
 */
export async function refersToPrivateAddress(url: string): Promise<boolean> {
  const host = URL.parse(url)?.hostname.replace(/^\[|\]$/g, '');
  if (!host) return true;
  if (isIP(host)) return !isPublicAddress(host);
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.some(({ address }) => !isPublicAddress(address));
  } catch {
    return false;
  }
}

/**
 * Whether the URL's host is one the operator allowed although private or loopback (OAUTH_CIMD_ALLOW_PRIVATE_HOSTS),
 * compared exactly with the host as written in the URL: no suffixes, no resolution.
 */
export function isAllowedPrivateHost(url: string, allowed: readonly string[]): boolean {
  const host = URL.parse(url)
    ?.hostname.replace(/^\[|\]$/g, '')
    .toLowerCase();
  return host !== undefined && host !== '' && allowed.includes(host);
}

export class PrivateAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused to connect to the non-public address ${address}`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * A `lookup` for sockets (net.connect, https.request, an Agent) that resolves the host and fails when any answer is
 * not a public address. The check is on the very addresses the socket then connects to, so a DNS answer that changes
 * between a validation and the connection (rebinding) cannot slip a private address through. IP literals never reach
 * a lookup; check those with `isPublicAddress` before connecting.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  const all = (options as LookupOptions).all === true;
  lookupCallback(hostname, { ...(options as LookupOptions), all: true }, (error, answers) => {
    if (error) return callback(error, '', 0);
    const addresses = answers as LookupAddress[];
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused || addresses.length === 0) {
      return callback(
        Object.assign(new PrivateAddressError(refused?.address ?? hostname), { code: 'EPRIVATE' }),
        '',
        0,
      );
    }
    if (all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
