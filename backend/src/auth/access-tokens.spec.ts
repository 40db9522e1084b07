import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppConfig } from '../config/app-config.js';
import { AccessTokens } from './access-tokens.js';

const config = AppConfig.fromEnvironment({
  PGLITE_DATA_DIR: 'memory://access-tokens-spec',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ACCESS_TOKEN_TTL_SECONDS: '900',
});
const session = { id: '5b0b8a52-5a5e-4f0e-9d1e-000000000001', authTime: null };

function tokens() {
  const jwt = new JwtService();
  return { jwt, accessTokens: new AccessTokens(jwt, config) };
}

afterEach(() => vi.useRealTimers());

describe('AccessTokens.verify', () => {
  it('checks a token once, then answers from memory with the same identity', async () => {
    const { jwt, accessTokens } = tokens();
    const token = await accessTokens.sign('user-1', session);
    const checks = vi.spyOn(jwt, 'verifyAsync');
    const first = await accessTokens.verify(token);
    const second = await accessTokens.verify(token);
    expect(first).toMatchObject({ userId: 'user-1', sessionId: session.id });
    expect(second).toEqual(first);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const { accessTokens } = tokens();
    const token = await accessTokens.sign('user-1', session);
    expect(await accessTokens.verify(token)).toBeDefined();
    vi.setSystemTime(Date.now() + 901_000);
    expect(await accessTokens.verify(token)).toBeUndefined();
  });

  it('never remembers a token that failed its checks', async () => {
    const { jwt, accessTokens } = tokens();
    const token = await accessTokens.sign('user-1', session);
    const [head, body, signature] = token.split('.');
    const forged = `${head}.${body}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const checks = vi.spyOn(jwt, 'verifyAsync');
    expect(await accessTokens.verify(forged)).toBeUndefined();
    expect(await accessTokens.verify(forged)).toBeUndefined();
    expect(checks).toHaveBeenCalledTimes(2);
  });
});
