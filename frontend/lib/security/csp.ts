/**
 * The Content-Security-Policy for HTML responses. Scripts run only from our origin or with this
 * request's nonce ('strict-dynamic' lets Next's nonce'd bootstrap load its chunks). No inline styles
 * except nonce'd ones, no plugins, no framing, forms post only to us.
 */
export function buildCsp(nonce: string, { dev = false, https = false, assetOrigin = '' } = {}): string {
  const asset = assetOrigin ? ` ${assetOrigin}` : '';
  return [
    `default-src 'self'`,
    `script-src 'self'${asset} 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self'${asset} 'nonce-${nonce}'`,
    `img-src 'self' blob: data:`,
    `font-src 'self'${asset}`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `manifest-src 'self'`,
    `worker-src 'self'`,
    // Only over https: on plain-http localhost it would rewrite our own asset URLs to https.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
