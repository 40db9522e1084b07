import { describe, expect, it } from 'vitest';
import { isAllowedPrivateHost, isPublicAddress, resolvesToPublicAddresses } from './public-address.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['93.184.215.14', '1.1.1.1', '2606:4700:4700::1111'])('admits %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('resolvesToPublicAddresses', () => {
  it('refuses names and literals that resolve to private or loopback addresses', async () => {
    expect(await resolvesToPublicAddresses('https://localhost/client.json')).toBe(false);
    expect(await resolvesToPublicAddresses('https://127.0.0.1/client.json')).toBe(false);
    expect(await resolvesToPublicAddresses('https://[::1]/client.json')).toBe(false);
    expect(await resolvesToPublicAddresses('https://10.0.0.8/client.json')).toBe(false);
    expect(await resolvesToPublicAddresses('https://1.1.1.1/client.json')).toBe(true);
  });
});

describe('isAllowedPrivateHost', () => {
  const allowed = ['127.0.0.1', 'localhost', '::1'];
  it('admits exactly the hosts the operator listed, whatever the port and path', () => {
    expect(isAllowedPrivateHost('https://127.0.0.1:15043/agent.json', allowed)).toBe(true);
    expect(isAllowedPrivateHost('https://LOCALHOST/agent.json', allowed)).toBe(true);
    expect(isAllowedPrivateHost('https://[::1]:8443/a.json', allowed)).toBe(true);
  });
  it('admits nothing else: other addresses, suffixes, lookalikes, and nothing at all by default', () => {
    expect(isAllowedPrivateHost('https://127.0.0.2/agent.json', allowed)).toBe(false);
    expect(isAllowedPrivateHost('https://localhost.evil.example/agent.json', allowed)).toBe(false);
    expect(isAllowedPrivateHost('https://10.0.0.8/agent.json', allowed)).toBe(false);
    expect(isAllowedPrivateHost('not a url', allowed)).toBe(false);
    expect(isAllowedPrivateHost('https://127.0.0.1/agent.json', [])).toBe(false);
  });
});
