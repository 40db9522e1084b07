import { createHash, randomBytes } from 'node:crypto';

/** A random opaque token and the SHA-256 digest we store in its place. */
export function newSecretToken(prefix = ''): { token: string; hash: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecretToken(token) };
}

export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest('hex');
