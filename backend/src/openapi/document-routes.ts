import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { apiReference } from '@scalar/nestjs-api-reference';
import type { AppConfig } from '../config/app-config.js';
import { buildDocument } from './build-document.js';

/**
 * GET /openapi.json, /openapi.yaml and /docs, all from the same document, built once on first request (after
 * every controller is mounted).
 */
export function registerDocumentRoutes(app: NestFastifyApplication, config: AppConfig): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  let document: OpenAPIObject | undefined;
  const current = () => (document ??= buildDocument(app));

  fastify.get('/openapi.json', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .type('application/json')
      .send(JSON.stringify(current())),
  );
  fastify.get('/openapi.yaml', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .type('application/yaml')
      .send((await import('yaml')).stringify(current())),
  );
  if (!config.env.DOCS_ENABLED) return;
  registerDocsPage(fastify);
}

const SCALAR_PATH = '/docs/scalar.js';

/**
 * GET /docs renders Scalar's reference from /openapi.json with the bundle served from this server (no CDN, so it
 * works offline and behind strict egress). Scripts run only with this response's nonce or from 'self'.
 */
function registerDocsPage(fastify: FastifyInstance): void {
  fastify.get(SCALAR_PATH, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .type('application/javascript; charset=utf-8')
      // Loaded on first use: the bundle is ~30 MB resident once parsed, and most processes never serve /docs.
      .send((await import('./scalar-bundle.js')).scalarBundle()),
  );
  fastify.get('/docs', async (_request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    let html = '';
    const render = apiReference({
      url: '/openapi.json',
      pageTitle: 'Todo API reference',
      cdn: SCALAR_PATH,
      nonce,
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      // Everything on one page, and nothing that calls Scalar's hosted services (AI agent, SDK generation).
      defaultOpenAllTags: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
    } as never) as (req: unknown, res: { send: (body: string) => void }) => void;
    render(undefined, { send: (body) => (html = body) });
    // Scalar styles its components inline, so styles need 'unsafe-inline'; scripts do not.
    return reply
      .header(
        'content-security-policy',
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
          "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
          "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .type('text/html; charset=utf-8')
      .send(html);
  });
}
