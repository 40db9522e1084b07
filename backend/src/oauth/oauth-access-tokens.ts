import { Injectable } from '@nestjs/common';
import { type Principal, TOKEN_SCOPES, type TokenScope } from '../common/principal.js';
import { AuthorizationServer } from './authorization-server.js';

/** The resource side: who an OAuth access token speaks for, if it is live and was issued for this API. */
@Injectable()
export class OAuthAccessTokens {
  constructor(private readonly server: AuthorizationServer) {}

  /**
   * The principal, or undefined for a token that is unknown, expired, revoked (its grant is gone on every replica:
   * the token rows go with it) or issued for another resource.
   */
  async authenticate(token: string): Promise<Principal | undefined> {
    // Opaque oidc-provider tokens are 43 base64url characters; anything else is not worth a lookup.
    if (!/^[\w-]{20,128}$/.test(token)) return undefined;
    const found = await (await this.server.provider()).AccessToken.find(token);
    if (!found || found.isExpired) return undefined;
    const audience = typeof found.aud === 'string' ? found.aud : undefined;
    if (!audience || !this.server.settings.resources.includes(audience)) return undefined;
    if (!found.accountId) return undefined;
    const granted = new Set((found.scope ?? '').split(' '));
    return {
      userId: found.accountId,
      via: 'oauth',
      grantId: found.grantId,
      scopes: TOKEN_SCOPES.filter((scope): scope is TokenScope => granted.has(scope)),
      expiresAt: new Date(found.exp! * 1000),
    };
  }
}
