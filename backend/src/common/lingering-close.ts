import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How much of an unread body is read and dropped, and for how long, before the connection is closed anyway. */
export const LINGER_MAX_BYTES = 64 * 1024 * 1024;
export const LINGER_MAX_MS = 10_000;

/**
 * An answer sent before the request body has arrived (a 413, or an error Fastify raises before parsing) goes out
 * with `Connection: close`. Node then destroys the socket as soon as the answer is written; the body still on its
 * way makes the kernel answer with a reset, and a reset can discard the answer before the client has read it
 * (the client sees a broken pipe instead of the 413). Such a connection is closed the way nginx's lingering_close
 * does it: answer, shut the write side, read and drop the rest of the body until it is complete, the client stops,
 * LINGER_MAX_BYTES or LINGER_MAX_MS — then close.
 */
export function registerLingeringClose(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete && String(reply.getHeader('connection')).toLowerCase() === 'close') {
      lingerBeforeClose(request.raw.socket, request.raw);
    }
    done(null, payload);
  });
}

function lingerBeforeClose(socket: Socket, body: IncomingMessage): void {
  const destroyWhenFlushed = socket.destroySoon.bind(socket);
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  const finish = (close: () => void) => {
    clearTimeout(timer);
    close();
  };
  // Reading the body through the request keeps Node's parser and flow control in charge of the socket.
  body.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_MAX_BYTES) finish(() => socket.destroy());
  });
  // Node's HTTP server calls destroySoon() once a `Connection: close` answer is written (and nothing else does).
  socket.destroySoon = function lingeringDestroySoon(this: Socket) {
    this.end();
    if (body.complete) return destroyWhenFlushed();
    timer = setTimeout(() => finish(() => this.destroy()), LINGER_MAX_MS).unref();
    body.once('end', () => finish(destroyWhenFlushed));
    this.once('end', () => finish(destroyWhenFlushed));
  };
}
