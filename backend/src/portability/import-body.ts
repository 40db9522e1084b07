import type { FastifyInstance } from 'fastify';

/** The one route that takes a CSV body and a body larger than BODY_LIMIT_BYTES. */
export const IMPORT_ROUTE = '/api/v1/import';

/**
 * The import route's body: up to IMPORT_BODY_LIMIT_BYTES (an account's export outgrows the general limit long
 * before it is unreasonable; 413 beyond), as JSON or as `text/csv` text. Fastify parsers are per instance, not per
 * route, so text/csv elsewhere is refused here (415, as every non-JSON type is). Registered before Nest mounts its
 * routes, so the onRoute hook sees the import route being added.
 */
export function registerImportBody(fastify: FastifyInstance, limitBytes: number): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url === IMPORT_ROUTE) route.bodyLimit = limitBytes;
  });
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (request, body, done) => {
    if (request.routeOptions.url !== IMPORT_ROUTE) {
      const error = Object.assign(new Error('Unsupported Media Type: text/csv'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
      done(error, undefined);
      return;
    }
    done(null, body);
  });
}
