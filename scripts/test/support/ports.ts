import { createServer } from 'node:net';

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * `count` consecutive free ports, scanning up from `from` (nginx's Service proxies sit on the ports after the edge's).
 */
export async function freePortBlock(count: number, from = 21_000) {
  for (let start = from; start + count <= 65_535; start += count) {
    const ports = Array.from({ length: count }, (_, i) => start + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return ports;
  }
  throw new Error(`no ${count} free ports from ${from}`);
}
