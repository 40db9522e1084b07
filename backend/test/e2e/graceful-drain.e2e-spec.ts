import type { Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
}

/** One keep-alive connection a test drives by hand, as a proxy's upstream connection would be. */
class Connection {
  private buffer = '';
  private waiting?: () => void;
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  async get(path: string): Promise<RawResponse> {
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine = '', ...lines] = this.buffer.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (this.buffer.length >= end + 4 + length) {
          this.buffer = this.buffer.slice(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers };
        }
      }
      if (this.closed) throw new Error(`connection closed before an answer to GET ${path}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SHUTDOWN_DELAY_MS = 1000;

// HTTP connection handling does not depend on the database engine; one is enough.
describe.skipIf(inject('database').kind === 'postgres')('Draining connections on shutdown', () => {
  let sut: TestApp;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    sut = await startTestApp({ SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), SHUTDOWN_GRACE_MS: '5000' });
    server = sut.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => sut.close());

  it('keeps idle connections open longer than a proxy does (60 s)', () => {
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });

  it('after the readiness delay, refuses new connections, answers on open ones with Connection: close, and closes idle ones only later', async () => {
    const [used, idle, untouched] = [
      await Connection.open(port),
      await Connection.open(port),
      await Connection.open(port),
    ];
    for (const connection of [used, idle, untouched]) {
      const before = await connection.get('/health/live');
      expect(before.status).toBe(200);
      expect(before.headers.connection).not.toBe('close');
    }

    const closing = sut.app.close();
    await sleep(200);
    // Readiness delay: still serving as usual, new connections included (the load balancer has not noticed yet).
    const fresh = await Connection.open(port);
    expect((await fresh.get('/health/ready')).status).toBe(503);
    expect((await used.get('/health/live')).status).toBe(200);

    await sleep(SHUTDOWN_DELAY_MS);
    await expect(Connection.open(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const during = await used.get('/health/live');
    expect(during.status).toBe(200);
    expect(during.headers.connection).toBe('close');
    expect(idle.closed, 'an idle connection is not closed the moment the listener is').toBe(false);
    const late = await idle.get('/health/live');
    expect(late.status).toBe(200);
    expect(late.headers.connection).toBe('close');
    await sleep(100);
    expect([used.closed, idle.closed], 'connections that were told to close are closed').toEqual([
      true,
      true,
    ]);
    expect(untouched.closed).toBe(false);

    await closing;
    await sleep(50);
    expect(untouched.closed, 'idle connections are closed with the server').toBe(true);
  });
});
