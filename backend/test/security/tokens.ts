import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';

const jwt = new JwtService({});
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every kind of bad bearer the API must answer with 401, built against the app's real secret and claims. */
export function badBearers(secret: string, user: { id: string; accessToken: string; refreshToken: string }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { typ: 'access', sub: user.id, jti: randomUUID(), iss: 'todo-api', aud: 'todo-clients' };
  const [header, , signature] = user.accessToken.split('.');
  const forged = { ...claims, sub: randomUUID() };
  return {
    none: undefined,
    expired: jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }, { secret, algorithm: 'HS256' }),
    tampered: `${header}.${b64({ ...forged, iat: now, exp: now + 600 })}.${signature}`,
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 600 })}.`,
    'wrong audience': jwt.sign(
      { ...claims, aud: 'someone-else', exp: now + 600 },
      { secret, algorithm: 'HS256' },
    ),
    'wrong secret': jwt.sign({ ...claims, exp: now + 600 }, { secret: `${secret}x`, algorithm: 'HS256' }),
    'no exp': jwt.sign({ ...claims, iat: now }, { secret, algorithm: 'HS256' }),
    'exp a year away': jwt.sign(
      { ...claims, iat: now, exp: now + 365 * 86_400 },
      { secret, algorithm: 'HS256' },
    ),
    'iat in the future': jwt.sign(
      { ...claims, iat: now + 3600, exp: now + 3900 },
      { secret, algorithm: 'HS256' },
    ),
    'refresh as access': user.refreshToken,
    'refresh-typed jwt': jwt.sign(
      { ...claims, typ: 'refresh', exp: now + 600 },
      { secret, algorithm: 'HS256' },
    ),
  } as Record<string, string | undefined>;
}
