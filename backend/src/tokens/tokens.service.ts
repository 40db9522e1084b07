import { Injectable, Logger } from '@nestjs/common';
import type { Principal, TokenScope } from '../common/principal.js';
import { hashSecretToken, newSecretToken } from '../common/secret-token.js';
import { NotFound } from '../common/app-errors.js';
import { assertRecentSignIn } from './recent-sign-in.js';
import { AppConfig } from '../config/app-config.js';
import { CredentialEvents } from '../events/credential-events.js';
import {
  type CreatedToken,
  type CreateTokenInput,
  type PersonalAccessToken,
  toPersonalAccessToken,
} from './dto/token.schemas.js';
import { TokensRepository } from './tokens.repository.js';

export const PAT_PREFIX = 'todo_pat_';
const DAY_MS = 86_400_000;
// lastUsedAt is informational; writing it at most once a minute keeps reads from becoming writes.
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class TokensService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly repository: TokensRepository,
    private readonly config: AppConfig,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  /** Minting needs a recent password sign-in, and every token gets an expiry. */
  async create(caller: Principal, input: CreateTokenInput): Promise<CreatedToken> {
    const { TOKEN_CREATE_REAUTH_SECONDS, TOKEN_DEFAULT_TTL_DAYS } = this.config.env;
    assertRecentSignIn(caller, TOKEN_CREATE_REAUTH_SECONDS);
    const userId = caller.userId;
    const secret = newSecretToken(PAT_PREFIX);
    const expiresAt = new Date(Date.now() + (input.expiresInDays ?? TOKEN_DEFAULT_TTL_DAYS) * DAY_MS);
    const row = await this.repository.insert({
      userId,
      name: input.name,
      scopes: input.scopes,
      tokenHash: secret.hash,
      expiresAt,
    });
    this.audit.log({ event: 'token.created', userId, tokenId: row.id, scopes: input.scopes });
    const { lastUsedAt: _unused, ...token } = toPersonalAccessToken(row);
    return { ...token, expiresAt: expiresAt.toISOString(), token: secret.token };
  }

  async list(userId: string): Promise<{ items: PersonalAccessToken[] }> {
    return { items: (await this.repository.list(userId)).map(toPersonalAccessToken) };
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteOwned(userId, id))) throw new NotFound('Token');
    this.audit.log({ event: 'token.revoked', userId, tokenId: id });
    await this.credentialEvents.announceRevoked({ userId, tokenId: id });
  }

  /** The principal for a presented token, or undefined when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const row = await this.repository.findByHash(hashSecretToken(token));
    const now = new Date();
    if (!row || (row.expiresAt && row.expiresAt <= now)) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touch(row.id, now);
    }
    return {
      userId: row.userId,
      via: 'personal-access-token',
      scopes: row.scopes as TokenScope[],
      tokenId: row.id,
      expiresAt: row.expiresAt ?? undefined,
    };
  }
}
