import { Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import { DatabaseService } from '../database/database.service.js';
import { personalAccessTokens } from '../database/schema/index.js';
import { type Quota, QuotaExceeded } from '../throttling/quotas.js';

/** At most MAX_TOKENS_PER_USER personal access tokens per user that still work (expired ones do not count). */
@Injectable()
export class TokenQuota implements Quota {
  constructor(
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  async assertRoom(userId: string): Promise<void> {
    const limit = this.config.env.MAX_TOKENS_PER_USER;
    const active = await this.database.db.$count(
      personalAccessTokens,
      and(
        eq(personalAccessTokens.userId, userId),
        or(isNull(personalAccessTokens.expiresAt), gt(personalAccessTokens.expiresAt, new Date())),
      ),
    );
    if (active >= limit) {
      throw new QuotaExceeded('active personal access tokens', limit, 'Revoke tokens you no longer use.');
    }
  }
}
