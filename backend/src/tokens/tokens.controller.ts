import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentUser, type Principal } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { taskIdSchema } from '../tasks/dto/task.schemas.js';
import {
  type CreatedToken,
  createdTokenSchema,
  type CreateTokenInput,
  createTokenSchema,
  tokenListSchema,
} from './dto/token.schemas.js';
import { WithinQuota } from '../throttling/quotas.js';
import { LimitWrites } from '../throttling/write-limits.js';
import { TokenQuota } from './token-quota.js';
import { TokensService } from './tokens.service.js';
import { NoStore } from '../caching/http-caching.decorators.js';

// No @Scope: personal access tokens are refused here (403), so a token can never mint another.
@Controller('tokens')
@NoStore()
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @LimitWrites()
  @WithinQuota(TokenQuota)
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createToken',
    tag: 'Tokens',
    summary: 'Create a personal access token',
    description:
      'Creates a token for an agent or script, with only the scopes it needs. The secret is in this response ' +
      'only. Requires a session whose password sign-in is recent (15 minutes by default; refreshing does not ' +
      'renew it): otherwise 403 with type `/problems/reauthentication-required`, and the person signs in ' +
      'again. Personal access tokens get 403. At most MAX_TOKENS_PER_USER unexpired tokens per account ' +
      '(default 50; beyond it 409 `/problems/quota-exceeded`). Counts toward your write rate limit (429 with ' +
      'Retry-After).',
    body: createTokenSchema,
    responses: { 201: { description: 'The token, with its secret.', schema: createdTokenSchema } },
    errors: [400, 401, 403, 409, 413, 415, 429],
  })
  createToken(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(createTokenSchema)) body: CreateTokenInput,
  ): Promise<CreatedToken> {
    return this.tokens.create(user, body);
  }

  @Get()
  @ApiEndpoint({
    operationId: 'listTokens',
    tag: 'Tokens',
    summary: 'List personal access tokens',
    description:
      'Lists your personal access tokens, newest first, without their secrets, with when each was last used. ' +
      'Read-only. Requires a signed-in session; personal access tokens get 403.',
    responses: { 200: { description: 'Your tokens.', schema: tokenListSchema } },
    errors: [401, 403],
  })
  listTokens(@CurrentUser() user: Principal) {
    return this.tokens.list(user.userId);
  }

  @Delete(':id')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'revokeToken',
    tag: 'Tokens',
    summary: 'Revoke a personal access token',
    description:
      'Deletes the token; requests using it fail with 401 from this moment on, and event streams it opened end ' +
      '(on every server, with `event: reauthenticate`). Requires a signed-in session; personal access tokens ' +
      'get 403. Counts toward your write rate limit (429 with Retry-After).',
    pathParams: { id: 'The token id (UUID).' },
    responses: { 204: { description: 'The token is revoked.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async revokeToken(
    @CurrentUser() user: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema, 'id')) id: string,
  ): Promise<void> {
    await this.tokens.revoke(user.userId, id);
  }
}
