import { createHmac, generateKeyPairSync } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import type { default as ProviderType, Configuration, JWK, KoaContextWithOIDC } from 'oidc-provider';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { CredentialEvents } from '../events/credential-events.js';
import { oauthRecords } from '../database/schema/index.js';
import { TOKEN_SCOPES } from '../common/principal.js';
import { drizzleAdapter } from './drizzle-adapter.js';
import { oauthSettings, type OAuthSettings } from './oauth-config.js';
import { isAllowedPrivateHost, resolvesToPublicAddresses } from '../common/public-address.js';
import { redirectUriProblem } from './redirect-uris.js';

export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  userinfo: '/oauth/userinfo',
  end_session: '/oauth/end-session',
  introspection: '/oauth/introspect',
} as const;

const DAY_SECONDS = 86_400;

/**
 * The OAuth 2.1 authorization server: oidc-provider (certified, maintained) on the API's origin, its state in
 * PostgreSQL/PGlite through drizzleAdapter, so every replica serves every call. Authorization code with PKCE S256
 * only, dynamic registration, client ID metadata documents, RFC 8707 resources (opaque tokens bound to one of our
 * two resources), rotating refresh tokens (reuse revokes the grant) and RFC 7009 revocation (of the whole grant).
 * The person's pages (sign-in, consent) are the web app's; see consent.controller.ts.
 */
@Injectable()
export class AuthorizationServer {
  readonly settings: OAuthSettings;
  private instance?: Promise<ProviderType>;

  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly credentialEvents: CredentialEvents,
  ) {
    this.settings = oauthSettings(config);
  }

  /** Built on first use, not at start: it reads its signing key from the database (the OpenAPI writer has none). */
  provider(): Promise<ProviderType> {
    this.instance ??= this.create().catch((error: unknown) => {
      this.instance = undefined;
      throw error;
    });
    return this.instance;
  }

  private async create(): Promise<ProviderType> {
    const { default: Provider, errors } = await import('oidc-provider');
    const { issuer, resources, consentUrl } = this.settings;
    const { env } = this.config;
    const scope = TOKEN_SCOPES.join(' ');
    const privateHostAllowed = (url: string) => isAllowedPrivateHost(url, env.OAUTH_CIMD_ALLOW_PRIVATE_HOSTS);
    const configuration: Configuration = {
      adapter: drizzleAdapter(this.database),
      jwks: { keys: [await this.signingKey()] },
      // Signed cookies (the pending authorization in the person's browser) must verify on every replica.
      cookies: { keys: [derivedSecret(this.config.jwtSecret, 'oauth-cookies')] },
      routes: OAUTH_ROUTES,
      scopes: [...TOKEN_SCOPES],
      claims: { openid: ['sub'] },
      responseTypes: ['code'],
      clientDefaults: {
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        registration: { enabled: true, initialAccessToken: false },
        revocation: { enabled: true },
        introspection: { enabled: false },
        userinfo: { enabled: false },
        // Not served here: no routes for them, and DPoP-bound tokens would need proof checks at /mcp and the API.
        pushedAuthorizationRequests: { enabled: false },
        rpInitiatedLogout: { enabled: false },
        dPoP: { enabled: false },
        clientIdMetadataDocument: {
          enabled: true,
          ack: 'draft-02',
          allowFetch: (_ctx: KoaContextWithOIDC, clientId: string) =>
            privateHostAllowed(clientId) || resolvesToPublicAddresses(clientId),
          // The redirect URI rules of registration hold for metadata documents too.
          allowClient: (_ctx: KoaContextWithOIDC, client: { redirectUris?: readonly string[] }) =>
            (client.redirectUris ?? []).every((uri) => redirectUriProblem(uri) === undefined),
          cacheDuration: { min: 300, max: DAY_SECONDS },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resources[0]!,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: KoaContextWithOIDC, indicator: string) => {
            if (!resources.includes(indicator)) throw new errors.InvalidTarget();
            return {
              scope,
              audience: indicator,
              accessTokenFormat: 'opaque',
              accessTokenTTL: env.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
            };
          },
        },
      },
      // Every authorization asks the signed-in person on the consent page; a grant is only used in the answer
      // to that consent, never picked up silently from an earlier one.
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId;
        return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
      },
      interactions: {
        url: (_ctx, interaction) => `${consentUrl}?uid=${encodeURIComponent(interaction.uid)}`,
      },
      findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: true,
      expiresWithSession: () => false,
      ttl: {
        AccessToken: env.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
        AuthorizationCode: 60,
        Interaction: 600,
        Session: DAY_SECONDS,
        Grant: env.OAUTH_REFRESH_TOKEN_TTL_DAYS * DAY_SECONDS,
        RefreshToken: env.OAUTH_REFRESH_TOKEN_TTL_DAYS * DAY_SECONDS,
      },
      // Client ID metadata documents: at most 5 kB (the library also limits the time to 2.5 s).
      fetchResponseBodyLimits: {
        'client_id metadata document': 5 * 1024,
        jwks_uri: 64 * 1024,
        sector_identifier_uri: 64 * 1024,
      },
      // The library's own fetch dispatcher refuses every special-use address (loopback, private). Only for a host the
      // operator listed in OAUTH_CIMD_ALLOW_PRIVATE_HOSTS does the fetch go through Node's default dispatcher.
      fetch: (url, options) => {
        if (!privateHostAllowed(String(url))) return globalThis.fetch(url, options);
        const { dispatcher: _libraryDispatcher, ...rest } = options as RequestInit & { dispatcher?: unknown };
        return globalThis.fetch(url, rest);
      },
      renderError: (ctx, out) => {
        ctx.type = 'json';
        ctx.body = out;
      },
    };
    const provider = new Provider(issuer, configuration);
    // Its origin headers are pinned to the issuer before each request (oauth-routes.ts); the per-IP limits
    // and X-Forwarded-For rules (TRUST_PROXY) are the API's own, applied in Fastify.
    provider.proxy = true;
    // The library always keeps the `openid` scope (it refuses a configuration without it) and lists it in
    // scopes_supported; the contract advertises exactly the personal-access-token scopes, so the discovery answer
    // says so (the documented post-middleware way). A client asking for `openid` anyway gets only an ID token with
    // `sub`; its access token carries no scope the API reads.
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route === 'discovery' && ctx.body && typeof ctx.body === 'object') {
        (ctx.body as { scopes_supported?: string[] }).scopes_supported = [...TOKEN_SCOPES];
      }
    });
    provider.on('server_error', (_ctx, error) => new Logger('OAuth').error({ err: error }, 'OAuth error'));
    // A grant ended by the library (RFC 7009 revocation, a reused refresh token, a replayed code): the event
    // streams its tokens opened end on every replica (the heartbeat recheck would catch them a little later).
    provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
      const { RefreshToken, AuthorizationCode, AccessToken } = ctx.oidc.entities;
      const userId = (RefreshToken ?? AuthorizationCode ?? AccessToken)?.accountId;
      if (userId) void this.credentialEvents.announceRevoked({ userId, grantId });
    });
    return provider;
  }

  /**
   * One RS256 key for every replica (oidc-provider signs ID tokens with it, should a client ask for `openid`):
   * the first replica to start stores it, the others read it.
   */
  private async signingKey(): Promise<JWK> {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const candidate = {
      ...privateKey.export({ format: 'jwk' }),
      kid: `k-${Date.now()}`,
      use: 'sig',
      alg: 'RS256',
    };
    await this.database.db
      .insert(oauthRecords)
      .values({ model: 'SigningKey', id: 'current', payload: candidate })
      .onConflictDoNothing();
    const [row] = await this.database.db
      .select({ payload: oauthRecords.payload })
      .from(oauthRecords)
      .where(and(eq(oauthRecords.model, 'SigningKey'), eq(oauthRecords.id, 'current')));
    return row!.payload as JWK;
  }
}

const derivedSecret = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(purpose).digest('base64url');
