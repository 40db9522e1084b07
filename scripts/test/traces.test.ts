// One request through the web gateway is one trace: the web server's spans, the API's request span as their child
// (W3C traceparent), and a db.query span per statement under it; the API's log lines and its latency exemplar carry
// the trace id. Received by an OTLP/HTTP (JSON) receiver in this process. Without an OTLP endpoint, no SDK starts.
// Runs the production builds (`npx nx run frontend:build` first; the API is compiled privately here), against
// PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, buildPrivateDist, type PrivateDist, startApi } from '../lib/api-process.mjs';
import { ROOT, startWeb, type WebProcess } from '../lib/stack.mjs';
import { createDatabase, type ThrowawayDatabase } from '../lib/throwaway-database.mjs';
import { freePortBlock } from './support/ports.ts';

const built = existsSync(join(ROOT, 'frontend/.next/standalone/frontend/server.js'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number };
}

/** OTLP/JSON ids are hex; a protobuf-style base64 id is turned into hex too. */
const hex = (id: string | undefined) =>
  !id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
const valueOf = (value: AnyValue) =>
  value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue ?? undefined;
const attributesOf = (list: { key: string; value: AnyValue }[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/** An OTLP/HTTP receiver for traces in the JSON encoding: POST /v1/traces. */
function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const payload = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: AnyValue }[] };
          scopeSpans: { spans: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes: [] })[] }[];
        }[];
      };
      for (const resourceSpans of payload.resourceSpans) {
        const service = String(attributesOf(resourceSpans.resource.attributes)['service.name']);
        for (const scope of resourceSpans.scopeSpans)
          for (const span of scope.spans)
            spans.push({
              ...span,
              service,
              traceId: hex(span.traceId),
              spanId: hex(span.spanId),
              parentSpanId: hex(span.parentSpanId),
              attributes: attributesOf(span.attributes),
            });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans };
}

/** Registers a person on the API directly and returns their bearer header. */
async function signUp(apiBase: string): Promise<string> {
  const response = await fetch(`${apiBase}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `trace-${randomBytes(4).toString('hex')}@example.test`,
      password: 'correct horse battery staple',
      name: 'Ada',
    }),
  });
  expect(response.status).toBe(201);
  return `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`;
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe.skipIf(!built)('traces across web → API → database', () => {
  const receiver = otlpReceiver();
  let dist: PrivateDist;
  let database: ThrowawayDatabase | undefined;
  const processes: { api?: ApiProcess; web?: WebProcess }[] = [];

  /** API and web with `otel` added to both environments; the API logs at info level into output(). */
  async function startPair(otel: Record<string, string>, apiPort: number, webPort: number) {
    const gatewaySecret = randomBytes(32).toString('base64url');
    const pair: { api?: ApiProcess; web?: WebProcess } = {};
    processes.push(pair);
    pair.api = await startApi(
      dist.dir,
      {
        ...(database ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: 'memory://' }),
        GATEWAY_SECRET: gatewaySecret,
        LOG_LEVEL: 'info',
        ...otel,
      },
      { port: apiPort, logs: 'capture' },
    );
    pair.web = startWeb({
      webPort,
      backendUrl: pair.api.base,
      gatewaySecret,
      env: { OTEL_SERVICE_NAME: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, ...otel },
      quiet: true,
    });
    await pair.web.ready();
    return { api: pair.api, web: pair.web };
  }

  beforeAll(async () => {
    const [receiverPort] = await freePortBlock(1, 18_600);
    await new Promise<void>((resolve) => receiver.server.listen(receiverPort, '127.0.0.1', resolve));
    if (process.env.TEST_DATABASE_URL)
      database = await createDatabase(process.env.TEST_DATABASE_URL, 'traces');
    dist = buildPrivateDist();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(processes.flatMap(({ api, web }) => [api?.stop(), web?.stop()]));
    dist?.remove();
    await database?.drop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('follows one request from the web server through the API to each query, and into the logs', async () => {
    const [apiPort, receiverPort] = [...(await freePortBlock(1, 18_610)), receiver.server.address()];
    const [webPort] = await freePortBlock(1, 13_610);
    const endpoint = `http://127.0.0.1:${(receiverPort as { port: number }).port}`;
    const { api, web } = await startPair(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      apiPort!,
      webPort!,
    );
    const authorization = await signUp(api.base);

    const listed = await fetch(`${web.url}/api/v1/tasks`, { headers: { authorization } });
    expect(listed.status).toBe(200);
    const requestId = listed.headers.get('x-request-id');

    // The API's request span: continues a web span's trace, for this route.
    let apiSpan: ReceivedSpan | undefined;
    let webSpans: ReceivedSpan[] = [];
    for (let tries = 0; tries < 100 && !apiSpan; tries++) {
      await sleep(100);
      apiSpan = receiver.spans.find(
        (span) =>
          span.service === 'todo-api' &&
          span.name === 'GET /api/v1/tasks' &&
          receiver.spans.some((web) => web.service === 'todo-web' && web.spanId === span.parentSpanId),
      );
    }
    expect(apiSpan, JSON.stringify(receiver.spans.map((s) => [s.service, s.name]))).toBeDefined();
    const traceId = apiSpan!.traceId;
    const trace = () => receiver.spans.filter((span) => span.traceId === traceId);
    // Spans end bottom-up; give the web server's request span (the last to end) its batch.
    for (let tries = 0; tries < 50; tries++) {
      webSpans = trace().filter((span) => span.service === 'todo-web');
      if (webSpans.some((span) => span.parentSpanId === '')) break;
      await sleep(100);
    }

    // One trace with the web server's request span at its root, and the API span below a web span.
    const root = webSpans.find((span) => span.parentSpanId === '');
    expect(root, JSON.stringify(webSpans.map((s) => s.name))).toBeDefined();
    expect(root!.kind).toBe(2); // SERVER
    expect(trace().filter((span) => span.parentSpanId === '')).toEqual([root]);
    expect(webSpans.find((span) => span.spanId === apiSpan!.parentSpanId)).toBeDefined();
    expect(apiSpan!.kind).toBe(2); // SERVER: it continues a remote parent

    // Every query of the request is a db.query span under the API's request span, its text without values.
    const byId = new Map(trace().map((span) => [span.spanId, span]));
    const under = (span: ReceivedSpan, ancestor: ReceivedSpan) => {
      for (let at = byId.get(span.parentSpanId); at; at = byId.get(at.parentSpanId))
        if (at.spanId === ancestor.spanId) return true;
      return false;
    };
    const queries = trace().filter((span) => span.name === 'db.query');
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.service).toBe('todo-api');
      expect(under(query, apiSpan!)).toBe(true);
      expect(query.attributes['db.system.name']).toBe('postgresql');
      expect(String(query.attributes['db.query.text'])).toMatch(/^\s*(select|insert|update|delete|with)\b/i);
      expect(query.kind).toBe(3); // CLIENT
    }
    expect(queries.some((query) => /\$1/.test(String(query.attributes['db.query.text'])))).toBe(true);

    // The API's log lines for this request carry the trace id: the request line included.
    const lines = jsonLines(api.output()).filter((line) => line.reqId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);
    expect(lines.some((line) => (line.req as { url?: string } | undefined)?.url === '/api/v1/tasks')).toBe(
      true,
    );

    // A line logged inside a request (the sign-up's audit line) carries the span active there: its handler's,
    // in the trace of that request's span.
    const logged = jsonLines(api.output());
    const audit = logged.find((line) => line.event === 'auth.register');
    const signUpLine = logged.find((line) => line.reqId === audit?.reqId && line.msg === 'request completed');
    expect(audit?.trace_id, JSON.stringify(audit)).toMatch(/^[0-9a-f]{32}$/);
    expect(audit!.trace_id).toBe(signUpLine?.trace_id);
    const auditSpan = receiver.spans.find((span) => span.spanId === audit!.span_id);
    expect(auditSpan?.traceId).toBe(audit!.trace_id);

    // The latency histogram keeps the trace as an exemplar, in the OpenMetrics exposition.
    const metrics = await fetch(`${api.base}/metrics`, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    }).then((response) => response.text());
    expect(metrics).toMatch(
      new RegExp(
        `^http_request_duration_seconds_bucket\\{[^}]*route="/api/v1/tasks"[^}]*\\} \\d+ # \\{trace_id="${traceId}"\\}`,
        'm',
      ),
    );

    // A secret in the path (an invitation's token) stays out of every span, as out of the log lines: the
    // invitation page on the web server (a visitor not signed in is sent to sign in first) and the API's preview.
    const secret = 'inv_kept_out_of_traces';
    expect((await fetch(`${web.url}/invite/${secret}`, { redirect: 'manual' })).status).toBeLessThan(500);
    await fetch(`${api.base}/api/v1/invitations/${secret}`);
    let previewSpan: ReceivedSpan | undefined;
    let pageSpan: ReceivedSpan | undefined;
    for (let tries = 0; tries < 50 && !(previewSpan && pageSpan); tries++) {
      await sleep(100);
      previewSpan = receiver.spans.find(
        (span) => span.service === 'todo-api' && span.name === 'GET /api/v1/invitations/:token',
      );
      pageSpan = receiver.spans.find(
        (span) =>
          span.service === 'todo-web' && String(span.attributes['http.target']).startsWith('/invite/'),
      );
    }
    const received = JSON.stringify(receiver.spans.map((s) => [s.service, s.name]));
    expect(previewSpan, received).toBeDefined();
    expect(previewSpan!.attributes['url.path']).toBe('/api/v1/invitations/[redacted]');
    expect(pageSpan, received).toBeDefined();
    expect(pageSpan!.attributes['http.target']).toBe('/invite/[redacted]');
    expect(JSON.stringify(receiver.spans)).not.toContain(secret);
  });

  it('starts no SDK without an OTLP endpoint, and requests still work', async () => {
    // The traced pair exports in batches (and flushes as it stops): stop it first, so that nothing it sends
    // later is taken for a span of the untraced pair.
    await Promise.all(processes.splice(0).flatMap(({ api, web }) => [api?.stop(), web?.stop()]));
    await sleep(300);
    const before = receiver.spans.length;
    const [apiPort] = await freePortBlock(1, 18_620);
    const [webPort] = await freePortBlock(1, 13_620);
    const { api, web } = await startPair({}, apiPort!, webPort!);
    const authorization = await signUp(api.base);
    const listed = await fetch(`${web.url}/api/v1/tasks`, { headers: { authorization } });
    expect(listed.status).toBe(200);

    // The request's closing line is written once its response has closed: the client may have its answer first.
    const linesOf = (id: string | null) => jsonLines(api.output()).filter((line) => line.reqId === id);
    for (let tries = 0; tries < 30 && linesOf(listed.headers.get('x-request-id')).length === 0; tries++)
      await sleep(100);
    const logged = jsonLines(api.output());
    expect(logged.find((line) => line.event === 'tracing')).toMatchObject({ exporter: 'off' });
    const requestLines = linesOf(listed.headers.get('x-request-id'));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(line).not.toHaveProperty('trace_id');
    const metrics = await fetch(`${api.base}/metrics`, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    }).then((response) => response.text());
    expect(metrics).not.toContain('trace_id=');
    await sleep(500);
    expect(receiver.spans.length).toBe(before);
  });
});
