import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';

interface AccessClaims {
  sub: string;
  typ: string;
  sid?: string;
  exp?: number;
}

/** Who a valid access token speaks for, in which session (refresh-token family), and until when. */
export interface VerifiedAccess {
  userId: string;
  sessionId?: string;
  expiresAt?: Date;
}

/** HS256 access tokens: short-lived, with issuer, audience, id and type all checked on the way in. */
@Injectable()
export class AccessTokens {
  /**
   * A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as a public or
   * private key on every call, a cost on every request (measured in bench/RESULTS.md).
   */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  get ttlSeconds(): number {
    return this.config.env.ACCESS_TOKEN_TTL_SECONDS;
  }

  /** `sessionId` becomes the `sid` claim, so ending the session can end what its tokens opened. */
  sign(userId: string, sessionId: string): Promise<string> {
    const { JWT_ISSUER, JWT_AUDIENCE } = this.config.env;
    return this.jwt.signAsync(
      { typ: 'access', sid: sessionId },
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

  /** The caller, or undefined for anything that is not a valid, unexpired access token of ours. */
  async verify(token: string): Promise<VerifiedAccess | undefined> {
    const { JWT_ISSUER, JWT_AUDIENCE } = this.config.env;
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims & { jti?: string }>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        secret: this.key as unknown as string,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !claims.jti) return undefined;
      return {
        userId: claims.sub,
        sessionId: typeof claims.sid === 'string' ? claims.sid : undefined,
        expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
      };
    } catch {
      return undefined;
    }
  }
}
