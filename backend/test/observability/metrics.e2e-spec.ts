import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** Prometheus text → { 'name{labels}': value } for the lines that matter here. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) map.set(match[1]!, Number(match[2]));
  }
  return map;
}

describe('GET /metrics', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => sut.close());

  it('refuses a scrape without the token, and with a wrong one', async () => {
    await sut.http.get('/metrics').expect(401);
    await sut.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
  });

  it('counts requests by route template, method and status, with a latency histogram', async () => {
    const user = await signUp(sut);
    const task = await createTask(sut, user);
    await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);
    await sut.http.get('/api/v1/tasks/00000000-0000-4000-8000-000000000000').set(user.auth).expect(404);
    await sut.http.get('/no/such/route').expect(404);

    const response = await sut.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const scraped = samples(response.text);
    expect(scraped.get('http_requests_total{route="/api/v1/tasks/:id",method="GET",status="200"}')).toBe(1);
    expect(scraped.get('http_requests_total{route="/api/v1/tasks/:id",method="GET",status="404"}')).toBe(1);
    expect(scraped.get('http_requests_total{route="/api/v1/tasks",method="POST",status="201"}')).toBe(1);
    expect(scraped.get('http_requests_total{route="unmatched",method="GET",status="404"}')).toBe(1);
    expect(
      scraped.get('http_request_duration_seconds_count{route="/api/v1/tasks/:id",method="GET",status="200"}'),
    ).toBe(1);
    expect(
      scraped.get(
        'http_request_duration_seconds_bucket{le="+Inf",route="/api/v1/tasks/:id",method="GET",status="200"}',
      ),
    ).toBe(1);
    // No concrete ids in labels: the series count does not grow with data.
    expect(response.text).not.toContain(task.id);
  });

  it('exposes pool, event-stream and process series', async () => {
    const response = await sut.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const scraped = samples(response.text);
    for (const name of [
      'db_pool_max',
      'db_pool_in_use',
      'db_pool_waiting',
      'db_queries_in_flight',
      'db_transactions_open',
      'db_operations_total',
      'todo_event_streams_open',
      'todo_events_sent_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(scraped.has(name), name).toBe(true);
    }
    expect(scraped.get('db_pool_max')).toBe(sut.kind === 'postgres' ? 5 : 1);
    if (sut.kind === 'postgres') expect(scraped.get('db_operations_total')).toBeGreaterThan(0);
  });

  it('answers OpenMetrics (the format with exemplars) to a scraper that asks, and plain text again after', async () => {
    const scrape = (accept?: string) => {
      const request = sut.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      return (accept ? request.set('Accept', accept) : request).expect(200);
    };
    const open = await scrape('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5');
    expect(open.headers['content-type']).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(open.headers.vary).toMatch(/accept/i);
    expect(open.text).toMatch(/^# TYPE http_requests counter$/m);
    expect(open.text).toMatch(/^http_request_duration_seconds_bucket\{/m);
    expect(open.text.endsWith('# EOF\n')).toBe(true);

    // The counters keep their Prometheus names in the text format (OpenMetrics renders them without `_total`).
    const text = await scrape();
    expect(text.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text.text).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(text.text).not.toContain('# EOF');
  });

  it('is open when no METRICS_TOKEN is configured', async () => {
    const open = await startTestApp();
    try {
      await open.http.get('/metrics').expect(200);
    } finally {
      await open.close();
    }
  });
});

describe('GET /metrics in production', () => {
  it('is not served without METRICS_TOKEN, unless METRICS_PUBLIC=true says so', async () => {
    const closed = await startTestApp({ NODE_ENV: 'production' });
    try {
      await closed.http.get('/metrics').expect(404);
    } finally {
      await closed.close();
    }
    const opted = await startTestApp({ NODE_ENV: 'production', METRICS_PUBLIC: 'true' });
    try {
      const response = await opted.http.get('/metrics').expect(200);
      expect(response.text).toContain('http_requests_total');
    } finally {
      await opted.close();
    }
  });
});
