import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { LifecycleState } from './lifecycle.state.js';

/**
 * Above the idle timeout of the proxies in front (nginx's upstream `keepalive_timeout` and AWS ALB: 60 s), so an
 * idle keep-alive connection is always closed by the proxy, never by this server at the moment the proxy reuses
 * it — a proxy does not retry a POST it has already sent, and the client would get a 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * Once the listener is closed, every answer says `Connection: close`: a proxy that sends one more request on a
 * kept-alive connection gets its answer and then drops that connection, instead of finding it closed under the
 * request. (Not earlier: while the listener is open, closing after each answer would make the proxy open a new
 * connection per request, and closing the listener resets the connections still waiting to be accepted.)
 */
export function registerDrainingConnectionClose(fastify: FastifyInstance, lifecycle: LifecycleState): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (lifecycle.closingConnections) void reply.header('connection', 'close');
    done();
  });
}

/**
 * Stops accepting connections but leaves the open ones be: a refused connection is one a proxy safely retries
 * elsewhere (nothing was sent), while idle keep-alive connections are closed later, when the server closes.
 * (Node's `http.Server#close()` would close the idle ones at once.)
 */
export function stopAccepting(server: Server): void {
  if (server.listening) Server.prototype.close.call(server);
}
