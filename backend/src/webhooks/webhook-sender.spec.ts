import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './webhook-sender.js';

const PORT = 18330;

describe(sendWebhook.name, () => {
  // A plain TCP listener on loopback: a connection to it proves the address check was passed.
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    `https://localhost:${PORT}/`,
    `https://127.0.0.1:${PORT}/`,
    `https://[::ffff:127.0.0.1]:${PORT}/`,
  ])('refuses %s at connect time, without connecting, unless private targets are allowed', async (url) => {
    const refused = await sendWebhook(url, {}, '{}', { allowPrivate: false });
    expect(refused).toEqual({ error: expect.stringMatching(/non-public address/) });
    expect(connections).toBe(0);
  });

  it('connects to a private target when the operator allows it', async () => {
    const outcome = await sendWebhook(`https://localhost:${PORT}/`, {}, '{}', { allowPrivate: true });
    expect(outcome).toHaveProperty('error'); // the listener hangs up: no TLS, no answer
    expect(connections).toBeGreaterThan(0);
  });
});
