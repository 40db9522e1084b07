import { createServer, request as httpRequest, type Server } from 'node:http';

/**
 * Sends each request to the next upstream in turn (per request, not per connection, as a load balancer without
 * session affinity may); counts the requests each one got in `hits`.
 */
export function roundRobin(upstreams: number[], hits: number[]): Server {
  let next = 0;
  return createServer((req, res) => {
    const index = next++ % upstreams.length;
    hits[index]! += 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreams[index], path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}
