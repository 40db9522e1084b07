import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

/** Strict-Transport-Security on the web origin's pages: sent over https, never over plain http. */
describe('HSTS', () => {
  const page = async (url: string, headers: Record<string, string> = {}) => {
    const { proxy } = await import('../../proxy');
    return proxy(new NextRequest(url, { headers }));
  };

  it('is sent on https pages, redirects included, and behind a TLS-terminating proxy', async () => {
    for (const response of [
      await page('https://todo.example/login'),
      await page('https://todo.example/tasks'),
      await page('http://web:3000/login', { 'x-forwarded-proto': 'https' }),
    ]) {
      expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000');
    }
  });

  it('is not sent over plain http (npm start on localhost)', async () => {
    for (const response of [
      await page('http://localhost:3000/login'),
      await page('http://localhost:3000/tasks'),
      await page('http://web:3000/login', { 'x-forwarded-proto': 'http' }),
    ]) {
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
