import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';

interface AccessClaims {
  sub: string;
  typ: string;
  jti?: string;
  iat?: number;
  exp?: number;
  auth_time?: number;
  sid?: string;
}

/**
 * Who a valid access token speaks for, in which session (refresh-token family), when that person last entered
 * their password (if known), and until when the token is accepted.
 */
export interface VerifiedAccess {
  userId: string;
  authTime?: Date;
  sessionId?: string;
  expiresAt: Date;
}

// Clocks of replicas (and of whoever signed) may differ by this much.
const CLOCK_SKEW_SECONDS = 60;
/** Valid tokens remembered per process: about one per person active in the last token lifetime. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** HS256 access tokens: short-lived, with issuer, audience, id and type all checked on the way in. */
@Injectable()
export class AccessTokens {
  /**
   * A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as a public or
   * private key on every call, a cost on every request (measured in bench/RESULTS.md).
   */
  private readonly key: KeyObject;
  /**
   * A client sends the same access token on every request until it expires; checking its signature and claims once
   * per process, not once per request, saved ~7 % of the API's CPU on a read (bench/RESULTS.md, round 11). Only
   * tokens that passed every check are kept (so made-up tokens cannot fill it), each no longer than it is valid.
   */
  private readonly verified = new LRUCache<string, VerifiedAccess>({ max: VERIFIED_TOKENS_KEPT });

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  get ttlSeconds(): number {
    return this.config.env.ACCESS_TOKEN_TTL_SECONDS;
  }

  /**
   * `session.id` becomes the `sid` claim (ending the session can end what its tokens opened); `session.authTime`
   * the OIDC `auth_time` claim: when the session's password sign-in happened.
   */
  sign(userId: string, session: { id: string; authTime: Date | null }): Promise<string> {
    const { JWT_ISSUER, JWT_AUDIENCE } = this.config.env;
    const authTime = session.authTime ? { auth_time: Math.floor(session.authTime.getTime() / 1000) } : {};
    return this.jwt.signAsync(
      { typ: 'access', sid: session.id, ...authTime },
      {
        subject: userId,
        jwtid: randomUUID(),
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: this.ttlSeconds,
        algorithm: 'HS256',
        secret: this.key as unknown as string,
      },
    );
  }

  /**
   * The caller, or undefined for anything that is not a valid, unexpired access token of ours. A correctly signed
   * token must still look like one we issue: an `exp` no further from `iat` than the configured lifetime, and an
   * `iat` not in the future, so a leaked key's forgeries (or a misconfigured signer's) do not live forever.
   */
  async verify(token: string): Promise<VerifiedAccess | undefined> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt.getTime() > Date.now()) return known;
      this.verified.delete(token);
      return undefined;
    }
    const access = await this.check(token);
    if (access) this.verified.set(token, access, { ttl: access.expiresAt.getTime() - Date.now() });
    return access;
  }

  private async check(token: string): Promise<VerifiedAccess | undefined> {
    const { JWT_ISSUER, JWT_AUDIENCE } = this.config.env;
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        secret: this.key as unknown as string,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !claims.jti) return undefined;
      if (!this.hasPlausibleLifetime(claims)) return undefined;
      return {
        userId: claims.sub,
        authTime: typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : undefined,
        sessionId: typeof claims.sid === 'string' ? claims.sid : undefined,
        // hasPlausibleLifetime has made sure `exp` is a number.
        expiresAt: new Date(claims.exp! * 1000),
      };
    } catch {
      return undefined;
    }
  }

  private hasPlausibleLifetime({ iat, exp }: AccessClaims): boolean {
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    const now = Date.now() / 1000;
    return iat <= now + CLOCK_SKEW_SECONDS && exp - iat <= this.ttlSeconds + CLOCK_SKEW_SECONDS;
  }
}
