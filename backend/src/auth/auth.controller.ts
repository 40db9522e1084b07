import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { AuthThrottlerGuard } from './auth-throttler.guard.js';
import { WithLoginBackoff } from '../throttling/login-backoff.js';
import { AuthService } from './auth.service.js';
import { Gateway } from '../common/gateway.js';
import {
  type AuthTokens,
  authTokensSchema,
  type LoginInput,
  loginSchema,
  logoutSchema,
  type RefreshInput,
  refreshSchema,
  type RegisterInput,
  registerSchema,
} from './dto/auth.schemas.js';
import { Public } from '../common/principal.js';
import { NoStore } from '../caching/http-caching.decorators.js';

@Controller('auth')
@NoStore()
@Public()
@UseGuards(AuthThrottlerGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly gateway: Gateway,
  ) {}

  @Post('register')
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'register',
    tag: 'Auth',
    summary: 'Create an account',
    description:
      'Creates an account and signs it in, returning an access token (15 minutes) and a refresh token. Use once ' +
      'per person; agents should instead be given a personal access token by their user. Email is compared ' +
      'case-insensitively (409 when taken); passwords are 12 to 128 characters and very common ones are refused ' +
      '(400). Rate limited per client IP (429 with Retry-After).',
    public: true,
    rateLimited: true,
    body: registerSchema,
    responses: { 201: { description: 'The account exists and is signed in.', schema: authTokensSchema } },
    errors: [400, 409, 413, 415, 429],
  })
  register(@Body(new ZodValidationPipe(registerSchema)) body: RegisterInput): Promise<AuthTokens> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @WithLoginBackoff()
  @ApiEndpoint({
    operationId: 'login',
    tag: 'Auth',
    summary: 'Sign in',
    description:
      'Exchanges email and password for a new session (access + refresh token). A wrong password and an unknown ' +
      'email get the same 401. Rate limited per client IP; after 5 failed sign-ins to one account, each further ' +
      'failure makes that account wait longer (2 s, doubling, at most 5 minutes; 429 with Retry-After) — except ' +
      'from an address that signed in to it in the last 30 days. A successful sign-in clears the failures.',
    public: true,
    rateLimited: true,
    body: loginSchema,
    responses: { 200: { description: 'Signed in.', schema: authTokensSchema } },
    errors: [400, 401, 413, 415, 429],
  })
  login(@Body(new ZodValidationPipe(loginSchema)) body: LoginInput): Promise<AuthTokens> {
    return this.auth.login(body);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'refreshTokens',
    tag: 'Auth',
    summary: 'Renew a session',
    description:
      'Spends a refresh token and returns a new access/refresh pair; call it when an access token expires (401). ' +
      'Each refresh token works once: presenting a spent one again is treated as theft and signs out every token ' +
      'of that session (401). Rate limited per session (token family), or per client IP for unknown tokens ' +
      '(429 with Retry-After). The web app alone (authenticated with GATEWAY_SECRET) gets a short grace window ' +
      '(REFRESH_REUSE_GRACE_SECONDS) in which a just-spent token returns the same new pair, so that two of its ' +
      'replicas renewing one cookie at once do not sign the person out.',
    public: true,
    rateLimited: true,
    body: refreshSchema,
    responses: { 200: { description: 'A new token pair.', schema: authTokensSchema } },
    errors: [400, 401, 413, 415, 429],
  })
  refreshTokens(
    @Body(new ZodValidationPipe(refreshSchema)) body: RefreshInput,
    @Req() request: FastifyRequest,
  ): Promise<AuthTokens> {
    return this.auth.refresh(body.refreshToken, { withGrace: this.gateway.isGateway(request) });
  }

  @Post('logout')
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'logout',
    tag: 'Auth',
    summary: 'Sign out',
    description:
      'Revokes the given refresh token and every token rotated from it. Idempotent: an unknown token is also 204. ' +
      'Access tokens already issued stay valid until they expire (at most 15 minutes); event streams opened with ' +
      'them end at once (`event: reauthenticate`).',
    public: true,
    rateLimited: true,
    body: logoutSchema,
    responses: { 204: { description: 'Signed out.' } },
    errors: [400, 413, 415, 429],
  })
  async logout(@Body(new ZodValidationPipe(logoutSchema)) body: RefreshInput): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
