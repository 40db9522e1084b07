import { afterEach, describe, expect, it, vi } from 'vitest';

async function load(forward: string | undefined) {
  vi.resetModules();
  vi.stubEnv('FORWARD_CLIENT_IP', forward);
  return (await import('./client-address')).clientAddressHeader;
}

describe('clientAddressHeader', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('forwards nothing unless a proxy in front is declared', async () => {
    const header = await load(undefined);
    expect(header('203.0.113.7')).toBeNull();
  });

  it('forwards only the address the proxy in front saw, not what the browser wrote before it', async () => {
    const header = await load('true');
    expect(header('1.2.3.4, 10.0.0.9,203.0.113.7')).toBe('203.0.113.7');
    expect(header('2001:db8::1')).toBe('2001:db8::1');
    expect(header('1.2.3.4, not-an-address')).toBeNull();
    expect(header(null)).toBeNull();
  });
});
