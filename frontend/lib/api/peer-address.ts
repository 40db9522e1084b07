import { type IncomingMessage, Server } from 'node:http';

/**
 * The socket address of each request, which Next does not expose: a header written on every incoming request
 * (replacing any the client sent). Next keeps a client-sent X-Forwarded-For, so that header cannot tell us.
 */
export const PEER_ADDRESS_HEADER = 'x-todo-peer-address';

const state = globalThis as { __todoPeerAddressRecorded?: boolean };

/** Installs the recorder once per process (from instrumentation.ts, before the first request). */
export function recordPeerAddresses(): void {
  if (state.__todoPeerAddressRecorded) return;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  };
  state.__todoPeerAddressRecorded = true;
}

/** The request's socket address, or null when the recorder is not installed (the header could be the client's). */
export function peerAddress(headers: { get(name: string): string | null }): string | null {
  return state.__todoPeerAddressRecorded ? headers.get(PEER_ADDRESS_HEADER) || null : null;
}
