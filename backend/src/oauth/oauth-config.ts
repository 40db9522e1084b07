import type { AppConfig } from '../config/app-config.js';

/** Where the authorization server and its protected resources live; all of it on the API's public origin. */
export interface OAuthSettings {
  issuer: string;
  /** `<issuer>/mcp` and `<issuer>`: the only audiences a token may be issued for. */
  resources: readonly string[];
  consentUrl: string;
  protectedResourceMetadataUrl(path: '' | '/mcp'): string;
}

export function oauthSettings(config: AppConfig): OAuthSettings {
  const issuer = config.env.PUBLIC_URL ?? `http://localhost:${config.env.PORT}`;
  const web = config.env.WEB_URL ?? issuer;
  return {
    issuer,
    resources: [`${issuer}/mcp`, issuer],
    consentUrl: `${web}/oauth/consent`,
    protectedResourceMetadataUrl: (path) => `${issuer}/.well-known/oauth-protected-resource${path}`,
  };
}
