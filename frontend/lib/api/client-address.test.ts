import { afterEach, describe, expect, it, vi } from 'vitest';

async function load(env: { FORWARD_CLIENT_IP?: string; GATEWAY_SECRET?: string }) {
  vi.resetModules();
  vi.stubEnv('FORWARD_CLIENT_IP', env.FORWARD_CLIENT_IP);
  vi.stubEnv('GATEWAY_SECRET', env.GATEWAY_SECRET);
  const { clientAddress } = await import('./client-address');
  const { gatewayHeaders } = await import('./gateway');
  const { recordPeerAddresses } = await import('./peer-address');
  return { clientAddress, gatewayHeaders, recordPeerAddresses };
}

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('clientAddress', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('behind a declared proxy, takes only the address that proxy saw, not what the browser wrote before it', async () => {
    const { clientAddress } = await load({ FORWARD_CLIENT_IP: 'true' });
    expect(clientAddress(headers({ 'x-forwarded-for': '1.2.3.4, 10.0.0.9,203.0.113.7' }))).toBe(
      '203.0.113.7',
    );
    expect(clientAddress(headers({ 'x-forwarded-for': '2001:db8::1' }))).toBe('2001:db8::1');
    expect(clientAddress(headers({ 'x-forwarded-for': '1.2.3.4, not-an-address' }))).toBeNull();
    expect(clientAddress(headers({}))).toBeNull();
  });

  it('without a proxy in front, takes the connection address and never a header the browser sent', async () => {
    const { clientAddress, recordPeerAddresses } = await load({});
    const spoofed = headers({ 'x-forwarded-for': '198.51.100.1', 'x-todo-peer-address': '198.51.100.2' });
    expect(clientAddress(spoofed)).toBeNull(); // the recorder is not installed: the header may be the browser's
    recordPeerAddresses();
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      response.end(clientAddress(new Headers(request.headers as Record<string, string>)) ?? 'none');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const answer = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { 'x-forwarded-for': '198.51.100.1', 'x-todo-peer-address': '198.51.100.2' },
    });
    expect(await answer.text()).toBe('127.0.0.1');
    server.close();
  });
});

describe('gatewayHeaders', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('with GATEWAY_SECRET, proves the web tier and names the browser', async () => {
    const { gatewayHeaders } = await load({ GATEWAY_SECRET: 's'.repeat(40) });
    expect(gatewayHeaders('203.0.113.7')).toEqual({
      'X-Gateway-Auth': 's'.repeat(40),
      'X-Gateway-Client-IP': '203.0.113.7',
    });
    expect(gatewayHeaders(null)).toEqual({ 'X-Gateway-Auth': 's'.repeat(40) });
  });

  it('without it, forwards the address only behind a declared proxy', async () => {
    expect((await load({})).gatewayHeaders('203.0.113.7')).toEqual({});
    const behindProxy = await load({ FORWARD_CLIENT_IP: 'true' });
    expect(behindProxy.gatewayHeaders('203.0.113.7')).toEqual({ 'X-Forwarded-For': '203.0.113.7' });
  });
});
