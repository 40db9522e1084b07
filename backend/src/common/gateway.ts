import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/** The shared GATEWAY_SECRET the web tier sends on every call it makes to the API. */
export const GATEWAY_AUTH_HEADER = 'x-gateway-auth';
/** The browser's address as the web tier saw it; believed only next to a valid GATEWAY_AUTH_HEADER. */
export const GATEWAY_CLIENT_IP_HEADER = 'x-gateway-client-ip';

interface IncomingRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The socket address, or the X-Forwarded-For entry of a proxy that TRUST_PROXY names. */
  ip: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Tells the web tier from every other client. The web server renews many people's sessions from one address, so
 * only with its proof does the API take the browser's address from it and apply the refresh grace window; any
 * other caller gets the contract's behaviour (its own address, reuse of a spent token revokes the family).
 */
@Injectable()
export class Gateway {
  private readonly secretDigest?: Buffer;

  constructor(config: AppConfig) {
    const secret = config.env.GATEWAY_SECRET;
    if (secret) this.secretDigest = digest(secret);
  }

  /** True when the request carries the gateway secret (compared in constant time over equal-length digests). */
  isGateway(request: IncomingRequest): boolean {
    const presented = request.headers[GATEWAY_AUTH_HEADER];
    if (!this.secretDigest || typeof presented !== 'string') return false;
    return timingSafeEqual(digest(presented), this.secretDigest);
  }

  /** The address to limit per: the browser's, forwarded by the web tier, or else the request's own. */
  clientAddress(request: IncomingRequest): string {
    const forwarded = request.headers[GATEWAY_CLIENT_IP_HEADER];
    if (typeof forwarded === 'string' && isIP(forwarded) && this.isGateway(request)) return forwarded;
    return request.ip;
  }
}
