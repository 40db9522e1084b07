import 'server-only';
import type { AuthTokens } from '@todo/openapi';
import { needsRefresh } from './jwt';
import { type RefreshOutcome, refreshSession } from './refresh';
import { type CookieReader, type CookieWriter, clearSession, readSession, writeSession } from './session';

/**
 * One request's session, renewed through the API at most once: the single place where proxy.ts (page loads) and
 * the /api/v1 gateway turn the session cookies into an access token they can send.
 */
export class SessionRenewal {
  accessToken?: string;
  refreshToken?: string;
  private outcome?: RefreshOutcome;

  constructor(
    cookies: CookieReader,
    secure: boolean,
    private readonly browserAddress: string | null,
  ) {
    ({ accessToken: this.accessToken, refreshToken: this.refreshToken } = readSession(cookies, secure));
  }

  /** Renews when there is a refresh token and the access token is missing or about to expire. */
  async renewIfExpiring(): Promise<void> {
    if (needsRefresh(this.accessToken)) await this.renew();
  }

  /** Renews now (e.g. after the API answered 401); true when there is a new access token to send. */
  async renew(): Promise<boolean> {
    if (!this.refreshToken || this.outcome) return false;
    this.outcome = await refreshSession(this.refreshToken, this.browserAddress);
    if (this.outcome.kind === 'renewed') {
      ({ accessToken: this.accessToken, refreshToken: this.refreshToken } = this.outcome.tokens);
      return true;
    }
    if (this.outcome.kind === 'ended') this.accessToken = this.refreshToken = undefined;
    return false;
  }

  get renewed(): AuthTokens | undefined {
    return this.outcome?.kind === 'renewed' ? this.outcome.tokens : undefined;
  }

  /** The API refused the refresh token: the person has to sign in again. */
  get ended(): boolean {
    return this.outcome?.kind === 'ended';
  }

  /** When renewal failed for a passing reason (429, 5xx, API unreachable): seconds to wait before retrying. */
  get retryAfterSeconds(): number | undefined {
    return this.outcome?.kind === 'unavailable' ? this.outcome.retryAfterSeconds : undefined;
  }

  /** Seconds to wait when renewal failed for a passing reason and the access token held cannot be sent any more. */
  get stuckForSeconds(): number | undefined {
    return needsRefresh(this.accessToken, Date.now(), 0) ? this.retryAfterSeconds : undefined;
  }

  /** Sets the renewed cookies or clears ended ones; a passing failure leaves the cookies as they are. */
  writeCookies(jar: CookieWriter, secure: boolean): void {
    if (this.renewed) writeSession(jar, this.renewed, secure);
    if (this.ended) clearSession(jar, secure);
  }
}
