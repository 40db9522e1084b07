import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { signUp } from '../factories/users.js';
import { openStream } from '../realtime/sse-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TIMEOUT_MS = 1500;
// Node looks for expired requests every tenth of the timeout; the rest is scheduling slack on a busy machine.
const BOUND_MS = TIMEOUT_MS + 1500;

/** Sends `head` at once, then one byte of `trickle` every `everyMs`; resolves with what came back and when. */
function trickle(port: number, head: string, trickle: string, everyMs: number) {
  const startedAt = Date.now();
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]!);
  }, everyMs);
  return new Promise<{ received: string; afterMs: number }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ received, afterMs: Date.now() - startedAt });
    });
  });
}

describe('Slow requests', () => {
  let sut: TestApp;
  let port: number;
  beforeAll(async () => {
    sut = await startTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
    await sut.app.listen({ port: 0, host: '127.0.0.1' });
    port = (sut.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => sut.close());

  it('answers 408 and closes a socket that trickles a login body', async () => {
    const body = JSON.stringify({ email: 'slow@example.com', password: 'correct-horse-lamp-41' });
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const outcome = await trickle(port, head, body, 200);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.received).toContain('application/problem+json');
    expect(outcome.afterMs).toBeLessThan(BOUND_MS);
  });

  it('answers 408 and closes a socket that trickles its headers', async () => {
    const outcome = await trickle(port, 'GET /health/live HTTP/1.1\r\n', 'X-Slow: ' + 'a'.repeat(100), 200);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.afterMs).toBeLessThan(BOUND_MS);
  });

  it('closes a connection that never sends a request', async () => {
    const outcome = await trickle(port, '', '', 200);
    expect(outcome.afterMs).toBeLessThan(BOUND_MS);
  });

  it('leaves an idle keep-alive connection to the keep-alive timeout: a request after a long pause is answered', async () => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const get = 'GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const answers = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    socket.write(get);
    await vi.waitFor(() => expect(answers()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
    expect(socket.destroyed).toBe(false);
    socket.write(get);
    await vi.waitFor(() => expect(answers()).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']));
    socket.destroy();
  });

  it('keeps an event stream open well past the timeout, still delivering events', async () => {
    const user = await signUp(sut);
    const stream = await openStream(`http://127.0.0.1:${port}/api/v1/tasks/events`, user.auth);
    expect(stream.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2.5));
    const task = await createTask(sut, user, { title: 'after the timeout' });
    const [event] = await stream.waitFor(1, (candidate) => candidate.event === 'task.created');
    expect(event!.data.taskId ?? event!.data.task?.id).toBe(task.id);
    stream.close();
  }, 20_000);
});
