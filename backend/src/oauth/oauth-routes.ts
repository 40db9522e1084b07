import { Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { limitKey } from '../throttling/limit-key.js';
import { PostgresThrottlerStorage } from '../throttling/postgres-throttler.storage.js';
import { OAUTH_ROUTES, AuthorizationServer } from './authorization-server.js';
import { registrationProblem } from './redirect-uris.js';

const WINDOW_MS = 60_000;
const LIMITED = new Set<string>([OAUTH_ROUTES.registration, OAUTH_ROUTES.authorization, OAUTH_ROUTES.token]);

export function registerOAuthRoutes(app: NestFastifyApplication): void {
  app.get(OAuthRoutes).register(app.getHttpAdapter().getInstance());
}

/**
 * The authorization server's HTTP face on the API's origin: RFC 9728 protected-resource metadata, RFC 8414 server
 * metadata, and oidc-provider's endpoints under /oauth. Its answers are OAuth's own (`{ error, error_description }`),
 * the contract's one exception to problem+json. Registration, authorize and token are limited per client address.
 */
@Injectable()
export class OAuthRoutes {
  constructor(
    private readonly server: AuthorizationServer,
    private readonly storage: PostgresThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  register(fastify: FastifyInstance): void {
    const { issuer, resources } = this.server.settings;
    const resourceMetadata = (resource: string) => ({
      resource,
      authorization_servers: [issuer],
      scopes_supported: ['tasks:read', 'tasks:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'Todo API',
      resource_documentation: `${issuer}/llms.txt`,
    });
    const json = (body: unknown) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send(body);
    fastify.get('/.well-known/oauth-protected-resource', json(resourceMetadata(resources[1]!)));
    fastify.get('/.well-known/oauth-protected-resource/mcp', json(resourceMetadata(resources[0]!)));

    // oidc-provider reads its own request bodies (form-encoded and JSON): Fastify must leave the stream alone.
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      scope.get('/.well-known/oauth-authorization-server', (request, reply) =>
        this.pass(request, reply, '/.well-known/openid-configuration'),
      );
      scope.get('/.well-known/openid-configuration', (request, reply) => this.pass(request, reply));
      const pass = (request: FastifyRequest, reply: FastifyReply) => this.pass(request, reply);
      // The authorization endpoint takes GET and POST (RFC 6749 §3.1); the resume after consent is a GET.
      scope.route({ method: ['GET', 'POST'], url: OAUTH_ROUTES.authorization, handler: pass });
      scope.get(`${OAUTH_ROUTES.authorization}/:uid`, pass);
      scope.get(OAUTH_ROUTES.jwks, pass);
      for (const url of [OAUTH_ROUTES.token, OAUTH_ROUTES.registration, OAUTH_ROUTES.revocation]) {
        scope.post(url, pass);
      }
    });
  }

  private async pass(request: FastifyRequest, reply: FastifyReply, rewrite?: string): Promise<FastifyReply> {
    const path = request.url.split('?')[0]!;
    if (LIMITED.has(path) || path.startsWith(`${OAUTH_ROUTES.authorization}/`)) {
      const refused = await this.overLimit(path, request.ip);
      if (refused) {
        return reply
          .status(429)
          .header('retry-after', String(refused))
          .send({
            error: 'slow_down',
            error_description: `Too many requests; try again in ${refused} seconds.`,
          });
      }
    }
    if (path === OAUTH_ROUTES.registration && request.method === 'POST') {
      const body = await readJson(request);
      const problem = body === undefined ? 'the body must be JSON' : registrationProblem(body);
      if (problem) {
        return reply.status(400).send({ error: 'invalid_redirect_uri', error_description: problem });
      }
      (request.raw as typeof request.raw & { body?: unknown }).body = body;
    }
    if (rewrite) request.raw.url = rewrite;
    this.pinOrigin(request);
    reply.hijack();
    await (await this.server.provider()).callback()(request.raw, reply.raw);
    return reply;
  }

  /**
   * oidc-provider builds its endpoint URLs from the request's origin; pinned to the issuer, a forged Host or
   * X-Forwarded-Host cannot put another origin into the metadata or the redirects.
   */
  private pinOrigin(request: FastifyRequest): void {
    const issuer = new URL(this.server.settings.issuer);
    const headers = request.raw.headers;
    headers.host = issuer.host;
    headers['x-forwarded-host'] = issuer.host;
    headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
  }

  /** Seconds until the caller may try again, or 0 when this request is within the limit. */
  private async overLimit(path: string, ip: string): Promise<number> {
    const { env } = this.config;
    if (!env.RATE_LIMIT_ENABLED) return 0;
    const route = path.startsWith(OAUTH_ROUTES.authorization) ? OAUTH_ROUTES.authorization : path;
    const limit = env.OAUTH_RATE_LIMIT_PER_MINUTE;
    const window = await this.storage.increment(limitKey('oauth', route, ip), WINDOW_MS, limit, 0);
    return window.totalHits > limit ? Math.max(1, window.timeToExpire) : 0;
  }
}

/** The request's JSON body, read from the stream (Fastify left it unread); undefined when it is not JSON. */
async function readJson(request: FastifyRequest): Promise<unknown> {
  if (!request.headers['content-type']?.startsWith('application/json')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > 56 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
