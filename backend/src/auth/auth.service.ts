import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Conflict, Unauthorized } from '../common/app-errors.js';
import { AppConfig } from '../config/app-config.js';
import type { Executor } from '../database/database-client.js';
import { CredentialEvents } from '../events/credential-events.js';
import { toUser, type UserRow } from '../users/dto/user.schemas.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccessTokens } from './access-tokens.js';
import type { AuthTokens, LoginInput, RegisterInput } from './dto/auth.schemas.js';
import { PasswordHasher } from './password-hasher.js';
import { type RefreshTokenRow, RefreshTokensRepository } from './refresh-tokens.repository.js';
import { hashSecretToken, newSecretToken } from '../common/secret-token.js';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

const DAY_MS = 86_400_000;

type Family = Pick<RefreshTokenRow, 'familyId' | 'authTime'>;

@Injectable()
export class AuthService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly accessTokens: AccessTokens,
    private readonly passwords: PasswordHasher,
    private readonly config: AppConfig,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  async register(input: RegisterInput): Promise<AuthTokens> {
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.users.insert({ email: input.email, name: input.name, passwordHash });
    if (!user) throw new Conflict('An account with this email already exists.');
    this.audit.log({ event: 'auth.register', userId: user.id });
    return this.issue(user, { familyId: randomUUID(), authTime: new Date() }, this.refreshTokens.db);
  }

  async login(input: LoginInput): Promise<AuthTokens> {
    const user = await this.users.findByEmail(input.email);
    const valid = await this.passwords.verify(user?.passwordHash, input.password);
    if (!user || !valid) {
      this.audit.warn({ event: 'auth.login.failed', userId: user?.id });
      throw new Unauthorized('The email or password is wrong.');
    }
    this.audit.log({ event: 'auth.login', userId: user.id });
    return this.issue(user, { familyId: randomUUID(), authTime: new Date() }, this.refreshTokens.db);
  }

  /**
   * Rotates: the presented token is spent and a new pair issued. A spent token presented again revokes its family,
   * except within the grace window, which only the web tier gets (`withGrace`): the token just rotated then yields
   * the same successor (see successorInGrace).
   */
  async refresh(refreshToken: string, { withGrace }: { withGrace: boolean }): Promise<AuthTokens> {
    const outcome = await this.refreshTokens.db.transaction(async (tx) => {
      // The row lock makes concurrent refreshes of one token take turns: the second sees the first's rotation.
      const row = await this.refreshTokens.lockByHash(tx, hashSecretToken(refreshToken));
      if (!row || row.revokedAt || row.expiresAt <= new Date()) return { kind: 'invalid' as const };
      // Inside the transaction: embedded PGlite has one connection, so a query outside it would wait forever.
      const user = await this.users.findById(row.userId, tx);
      if (!user) return { kind: 'invalid' as const };
      if (row.spentAt) {
        const successor = withGrace ? await this.successorInGrace(tx, row, refreshToken) : undefined;
        if (successor) return { kind: 'replayed' as const, tokens: await this.tokens(user, successor, row) };
        await this.refreshTokens.revokeFamily(tx, row.familyId);
        return { kind: 'reused' as const, userId: row.userId, sessionId: row.familyId };
      }
      // The family keeps its absolute expiry: rotation never extends a session.
      const tokens = await this.issue(user, row, tx, row.expiresAt);
      const seal = this.graceMs > 0 ? sealSuccessor(refreshToken, tokens.refreshToken) : null;
      await this.refreshTokens.markSpent(tx, row.id, seal);
      return { kind: 'ok' as const, tokens };
    });
    if (outcome.kind === 'ok') return outcome.tokens;
    if (outcome.kind === 'replayed') {
      this.audit.log({ event: 'auth.refresh.grace', userId: outcome.tokens.user.id });
      return outcome.tokens;
    }
    if (outcome.kind === 'reused') {
      this.audit.warn({ event: 'auth.refresh.reuse', userId: outcome.userId });
      await this.credentialEvents.announceRevoked({ userId: outcome.userId, sessionId: outcome.sessionId });
    }
    throw new Unauthorized('The refresh token is invalid, expired or already used.');
  }

  /**
   * The successor of a token spent less than the grace window ago, while that successor is still unspent: two
   * replicas (or two tabs) renewing with one cookie at once then both get the same pair, as identity providers'
   * rotation grace periods do. A token two rotations old, or one presented after the window, gets nothing.
   */
  private async successorInGrace(
    executor: Executor,
    spent: RefreshTokenRow,
    presented: string,
  ): Promise<string | undefined> {
    if (!spent.successorSeal || !spent.spentAt) return undefined;
    if (Date.now() - spent.spentAt.getTime() > this.graceMs) return undefined;
    const successor = openSuccessor(presented, spent.successorSeal);
    if (!successor) return undefined;
    const next = await this.refreshTokens.findByHash(executor, hashSecretToken(successor));
    const current = next && !next.spentAt && !next.revokedAt && next.expiresAt > new Date();
    return current ? successor : undefined;
  }

  async logout(refreshToken: string): Promise<void> {
    const ended = await this.refreshTokens.db.transaction(async (tx) => {
      const row = await this.refreshTokens.lockByHash(tx, hashSecretToken(refreshToken));
      if (!row) return undefined;
      await this.refreshTokens.revokeFamily(tx, row.familyId);
      this.audit.log({ event: 'auth.logout', userId: row.userId });
      return { userId: row.userId, sessionId: row.familyId };
    });
    if (ended) await this.credentialEvents.announceRevoked(ended);
  }

  private get graceMs(): number {
    return this.config.env.REFRESH_REUSE_GRACE_SECONDS * 1000;
  }

  /** A new pair in `family`; the family's sign-in time passes to every token in it, rotation included. */
  private async issue(
    user: UserRow,
    family: Family,
    executor: Executor,
    expiresAt = new Date(Date.now() + this.config.env.REFRESH_TOKEN_TTL_DAYS * DAY_MS),
  ): Promise<AuthTokens> {
    const refresh = newSecretToken();
    await this.refreshTokens.insert(executor, {
      userId: user.id,
      familyId: family.familyId,
      authTime: family.authTime,
      tokenHash: refresh.hash,
      expiresAt,
    });
    return this.tokens(user, refresh.token, family);
  }

  private async tokens(user: UserRow, refreshToken: string, family: Family): Promise<AuthTokens> {
    return {
      user: toUser(user),
      accessToken: await this.accessTokens.sign(user.id, { id: family.familyId, authTime: family.authTime }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}
