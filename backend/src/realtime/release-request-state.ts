import type { FastifyReply, FastifyRequest } from 'fastify';

type RawRequest = { headers: object; rawHeaders: string[] };
type RawResponse = { _header?: unknown; _headerSent?: unknown; [key: symbol]: unknown };

/** Stands in for a response head already on the wire (see below). */
const HEAD_WRITTEN = 'HTTP/1.1 200 OK\r\n\r\n';

/** Node's private symbol for a response's header map (`setHeader`/`getHeader`); looked up, never assumed. */
function outHeadersKey(res: object): symbol | undefined {
  return Object.getOwnPropertySymbols(res).find((symbol) => symbol.description === 'kOutHeaders');
}

/**
 * Once an event stream is established its request is over in all but name: nothing reads the request headers
 * again, and the response head has been written. An idle stream lives for hours, and everything the request
 * pipeline attached to these objects lives with it (kilobytes of heap a stream, measured in
 * bench/RESULTS.md, "Live events"), so drop what no later step reads. What stays: method and URL, what the
 * request log keeps on the request for its closing line (logging/request-log.ts), and the headers Fastify holds on
 * the reply (the metrics hook reads `content-type` when the stream ends).
 *
 * Call only after the head and the first frame are written (`headersSent`).
 */
export function releaseRequestState(request: FastifyRequest, reply: FastifyReply): void {
  if (!reply.raw.headersSent) return;
  const raw = request.raw as unknown as RawRequest;
  const res = reply.raw as unknown as RawResponse;
  // Parsed and raw request headers (~1 KB with a browser's headers and a bearer token).
  raw.headers = {};
  raw.rawHeaders.length = 0;
  // The response's header map (helmet's and CORS headers, ~2 KB: a dictionary-mode object and a [name, value]
  // array per header) only feeds the head, which is written; once sent, Node reads it only for getHeader().
  const key = outHeadersKey(res);
  if (key && res[key]) res[key] = null;
  // The written head (~1 KB: helmet's CSP and friends, as a rope of ~90 strings) is kept only as the "head is
  // written" flag: once `_headerSent`, Node reads `_header` for its truthiness alone (headersSent, writeHead's
  // guard, end()). A shared constant keeps that truth without a copy per stream.
  if (res._headerSent === true && typeof res._header === 'string') res._header = HEAD_WRITTEN;
}
