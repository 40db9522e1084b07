import type { Socket } from 'node:net';
import { fromStatus, PROBLEM_CONTENT_TYPE } from './problem.js';

const STATUS_BY_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const DETAIL_BY_STATUS: Record<number, string> = {
  400: 'The request is not valid HTTP.',
  408: 'The request took too long to arrive.',
  431: 'The request headers are too large.',
};

/**
 * Node's HTTP parser rejects some requests (oversized headers, malformed syntax) before Fastify sees them; this
 * answers those as problem+json too, on the raw socket, and closes it. A socket already gone gets nothing.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const { problem } = fromStatus(status, DETAIL_BY_STATUS[status]!);
  const body = JSON.stringify(problem);
  // Closed once written, not just ended: a client that never ends its side must not hold the socket (and with it
  // a graceful shutdown) open.
  socket.end(
    `HTTP/1.1 ${status} ${problem.title}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}
