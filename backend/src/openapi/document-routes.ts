import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { apiReference } from '@scalar/nestjs-api-reference';
import { stringify } from 'yaml';
import type { AppConfig } from '../config/app-config.js';
import { buildDocument } from './build-document.js';

/**
 * GET /openapi.json, /openapi.yaml and /docs, all from the same document, built once on first request (after
 * every controller is mounted).
 */
export function registerDocumentRoutes(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  let document: OpenAPIObject | undefined;
  const current = () => (document ??= buildDocument(app));

  fastify.get('/openapi.json', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .type('application/json')
      .send(JSON.stringify(current())),
  );
  fastify.get('/openapi.yaml', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').type('application/yaml').send(stringify(current())),
  );
  if (!config.env.DOCS_ENABLED) return;
  const render = apiReference({ url: '/openapi.json', withFastify: true, pageTitle: 'Todo API reference' });
  fastify.get('/docs', async (request, reply) => {
    // The reference is a client-side app: it needs scripts and styles that the API's JSON policy forbids.
    void reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' " +
        "'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com; font-src 'self' data: https://fonts.scalar.com; " +
        "img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'",
    );
    (render as (req: unknown, res: unknown) => void)(request, reply);
    return reply;
  });
}
