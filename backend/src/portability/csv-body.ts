import type { FastifyInstance } from 'fastify';

/** The one route that takes a CSV body; everywhere else text/csv stays a 415, as every non-JSON type is. */
export const CSV_ROUTE = '/api/v1/import';

/**
 * `text/csv` bodies as a string, under the same BODY_LIMIT_BYTES as JSON (413 beyond), for the import route only.
 * Fastify parsers are per instance, not per route, hence the check on the matched route.
 */
export function registerCsvBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (request, body, done) => {
    if (request.routeOptions.url !== CSV_ROUTE) {
      const error = Object.assign(new Error(`Unsupported Media Type: text/csv`), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
      done(error, undefined);
      return;
    }
    done(null, body);
  });
}
