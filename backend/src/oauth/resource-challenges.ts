import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthorizationServer } from './authorization-server.js';

/**
 * Every 401 and 403 of /api/v1/* and /mcp names where an agent discovers how to get a token (RFC 9728 §5.1):
 * `resource_metadata` is added to the route's own `WWW-Authenticate: Bearer …` challenge.
 */
export function registerResourceChallenges(app: NestFastifyApplication): void {
  const { settings } = app.get(AuthorizationServer);
  const forApi = settings.protectedResourceMetadataUrl('');
  const forMcp = settings.protectedResourceMetadataUrl('/mcp');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode === 401 || reply.statusCode === 403) {
        const path = request.url.split('?')[0]!;
        const metadata = path === '/mcp' ? forMcp : path.startsWith('/api/v1/') ? forApi : undefined;
        const challenge = reply.getHeader('www-authenticate');
        if (metadata && typeof challenge === 'string' && /^Bearer\b/i.test(challenge)) {
          const params = challenge.slice('Bearer'.length).trim();
          void reply.header(
            'www-authenticate',
            `Bearer resource_metadata="${metadata}"${params ? `, ${params}` : ''}`,
          );
        }
      }
      done(null, payload);
    });
}
