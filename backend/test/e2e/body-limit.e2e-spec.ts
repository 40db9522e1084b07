import { Agent, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LINGER_MAX_MS } from '../../src/common/lingering-close.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MiB = 1024 * 1024;
const OVER_LIMIT = 11 * MiB; // the limit is BODY_LIMIT_BYTES' default, 1 MiB

interface RawOutcome {
  response: string;
  /** A reset or broken pipe the client saw while it was still sending. */
  error?: string;
  sent: number;
}

/**
 * Sends a POST with an 11 MiB body over a raw socket, the first MiB at once and the rest in 256 KiB steps with a
 * pause between them (a slow uplink), and keeps everything the server sends.
 */
function slowOverLimitPost(port: number, pauseMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const received: Buffer[] = [];
    let sent = 0;
    let error: string | undefined;
    const finish = () => resolve({ response: Buffer.concat(received).toString('latin1'), error, sent });
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', finish);
    socket.write(
      'POST /api/v1/tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${OVER_LIMIT}\r\n\r\n`,
    );
    const send = async () => {
      const step = 256 * 1024;
      for (let offset = 0; offset < OVER_LIMIT && !socket.destroyed; offset += step) {
        const chunk = Buffer.alloc(Math.min(step, OVER_LIMIT - offset), 0x20);
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
        sent += chunk.length;
        if (offset >= MiB) await new Promise((r) => setTimeout(r, pauseMs));
      }
      if (!socket.destroyed) socket.end();
    };
    void send();
  });
}

function expectComplete413(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 413 /);
  expect(head.toLowerCase()).toContain('content-type: application/problem+json');
  const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
  expect(Buffer.byteLength(body)).toBe(length);
  expect(JSON.parse(body)).toMatchObject({ status: 413, type: '/problems/payload-too-large' });
}

// HTTP handling does not depend on the database engine; one is enough.
describe.skipIf(inject('database').kind === 'postgres')('A body over the size limit', () => {
  let sut: TestApp;
  let port: number;

  beforeAll(async () => {
    sut = await startTestApp();
    const server = sut.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => sut.close());

  it('gets a complete 413 while the client is still uploading, and the rest is read, not reset', async () => {
    const outcome = await slowOverLimitPost(port, 20);
    expectComplete413(outcome.response);
    expect(outcome.error, 'connection reset while the client was sending').toBeUndefined();
    expect(outcome.sent).toBe(OVER_LIMIT);
  });

  it('gets a complete 413 five times in a row over a keep-alive agent', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(OVER_LIMIT, 0x20);
    try {
      for (let i = 0; i < 5; i += 1) {
        const outcome = await new Promise<{ status?: number; type?: string; text: string; error?: string }>(
          (resolve) => {
            let error: string | undefined;
            const req = request(
              {
                port,
                host: '127.0.0.1',
                method: 'POST',
                path: '/api/v1/tasks',
                agent,
                headers: { 'content-type': 'application/json', 'content-length': OVER_LIMIT },
              },
              (res) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => (text += chunk));
                res.on('end', () =>
                  resolve({ status: res.statusCode, type: res.headers['content-type'], text, error }),
                );
                res.on('error', (e: NodeJS.ErrnoException) => resolve({ text, error: e.code ?? e.message }));
              },
            );
            req.on('error', (e: NodeJS.ErrnoException) => {
              error = e.code ?? e.message;
              resolve({ text: '', error });
            });
            req.end(body);
          },
        );
        expect(outcome.error, `request ${i + 1}`).toBeUndefined();
        expect(outcome.status, `request ${i + 1}`).toBe(413);
        expect(outcome.type).toContain('application/problem+json');
        expect(JSON.parse(outcome.text)).toMatchObject({ status: 413 });
      }
      // The connection pool still works afterwards.
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it(
    'closes the connection after the linger bound when the rest of the body never comes',
    async () => {
      const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      let response = '';
      socket.on('data', (chunk: Buffer) => (response += chunk.toString('latin1')));
      const startedAt = Date.now();
      // The server's FIN (its answer is complete) shows as 'end'; after that, a trickle of bytes finds out when it
      // has closed the connection for good: the next write is reset.
      const closed = new Promise<number>((resolve) => {
        socket.once('close', () => resolve(Date.now() - startedAt));
        socket.once('end', () => {
          const trickle = setInterval(
            () => (socket.destroyed ? clearInterval(trickle) : socket.write('  ')),
            200,
          );
        });
      });
      socket.on('error', () => undefined);
      socket.write(
        'POST /api/v1/tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${OVER_LIMIT}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(64 * 1024, 0x20)); // then only a trickle, never the whole body
      const lifetime = await closed;
      socket.destroy();
      expectComplete413(response);
      expect(lifetime).toBeGreaterThanOrEqual(LINGER_MAX_MS - 100);
      expect(lifetime).toBeLessThan(LINGER_MAX_MS + 3000);
    },
    LINGER_MAX_MS + 10_000,
  );
});
