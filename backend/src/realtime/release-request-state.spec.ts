import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { releaseRequestState } from './release-request-state.js';

describe(releaseRequestState.name, () => {
  it('drops request headers and the written head, and the stream keeps working and ends cleanly', async () => {
    const seen: { headersSent?: boolean; headers?: object; rawHeaders?: number; contentType?: unknown } = {};
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('x-frame-options', 'SAMEORIGIN');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 3000\n\n');
      releaseRequestState({ raw: req } as FastifyRequest, { raw: res } as FastifyReply);
      seen.headersSent = res.headersSent;
      seen.headers = req.headers;
      seen.rawHeaders = req.rawHeaders.length;
      seen.contentType = res.getHeader('content-type');
      expect(() => res.writeHead(200)).toThrow();
      res.write(': heartbeat\n\n');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { headers, body } = await new Promise<{ headers: object; body: string }>((resolve, reject) => {
      get({ port, host: '127.0.0.1', path: '/', headers: { authorization: 'Bearer x' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ headers: res.headers, body }));
      }).on('error', reject);
    });
    server.close();
    expect(headers).toMatchObject({ 'content-type': 'text/event-stream', 'x-frame-options': 'SAMEORIGIN' });
    expect(body).toBe('retry: 3000\n\n: heartbeat\n\n');
    expect(seen).toEqual({ headersSent: true, headers: {}, rawHeaders: 0, contentType: undefined });
  });
});
