import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifecycleState } from '../../src/health/lifecycle.state.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Health and cross-cutting HTTP behaviour', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('answers liveness in the Terminus shape', async () => {
    const response = await sut.http.get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('answers readiness with the database up and migrated', async () => {
    const response = await sut.http.get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details.database).toEqual({ status: 'up', engine: sut.kind });
  });

  it('answers 503 for readiness while draining, liveness unaffected', async () => {
    const lifecycle = sut.app.get(LifecycleState);
    lifecycle.draining = true;
    try {
      const response = await sut.http.get('/health/ready').expect(503);
      expect(response.body.status).toBe('error');
      expect(response.body.error.lifecycle).toEqual({ status: 'down', message: 'draining' });
      await sut.http.get('/health/live').expect(200);
    } finally {
      lifecycle.draining = false;
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await sut.http.get('/api/v1/nowhere').expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, instance: '/api/v1/nowhere' });
  });

  it('echoes a sane x-request-id and replaces an insane one', async () => {
    const echoed = await sut.http.get('/health/live').set('x-request-id', 'trace-abc.123');
    expect(echoed.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await sut.http.get('/health/live').set('x-request-id', 'bad id with spaces <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no x-powered-by', async () => {
    const response = await sut.http.get('/api/v1/tasks');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.body.detail).not.toMatch(/at \w+ \(/);
  });

  it('serves the OpenAPI 3.1 document that is committed under openapi/', async () => {
    const response = await sut.http.get('/openapi.json').expect(200);
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(
      readFileSync(new URL('../../../openapi/openapi.json', import.meta.url), 'utf8'),
    );
    expect(response.body.openapi).toBe('3.1.0');
    expect(response.body).toEqual(committed);
    const yaml = await sut.http.get('/openapi.yaml').expect(200);
    expect(yaml.text).toContain('openapi: 3.1.0');
  });
});
