import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { NoStore } from '../caching/http-caching.decorators.js';
import { CurrentUser, type Principal } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { LimitWrites } from '../throttling/write-limits.js';
import { ConnectedApps } from './connected-apps.js';
import {
  clientIdSchema,
  connectedAppListSchema,
  type ConsentDecision,
  consentDecisionSchema,
  consentResultSchema,
  interactionIdSchema,
  pendingConsentSchema,
} from './dto/oauth.schemas.js';

// No @Scope: only the signed-in person (through the web app) answers consents and manages connected apps.
@Controller('oauth')
@NoStore()
export class OAuthController {
  constructor(private readonly apps: ConnectedApps) {}

  @Get('consents/:uid')
  @ApiEndpoint({
    operationId: 'getPendingConsent',
    tag: 'OAuth',
    summary: 'Show a pending authorization',
    description:
      'What an agent asks of the signed-in person: the client, the host it returns to and the scopes. The web ' +
      "app's consent page shows it. Unknown, finished or expired authorizations are 404. Signed-in sessions only.",
    pathParams: { uid: 'The pending authorization id (the consent page URL names it).' },
    responses: { 200: { description: 'The pending authorization.', schema: pendingConsentSchema } },
    errors: [400, 401, 403, 404],
  })
  pending(@Param('uid', new ZodValidationPipe(interactionIdSchema, 'uid')) uid: string) {
    return this.apps.pending(uid);
  }

  @Post('consents/:uid')
  @LimitWrites()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'createConsentDecision',
    tag: 'OAuth',
    summary: 'Approve or deny a pending authorization',
    description:
      "Records the signed-in person's answer. The browser then goes to `redirectTo`, which finishes the " +
      'authorization (a code for the agent, or `access_denied`). Signed-in sessions only.',
    pathParams: { uid: 'The pending authorization id.' },
    body: consentDecisionSchema,
    responses: { 200: { description: 'Where the browser goes next.', schema: consentResultSchema } },
    errors: [400, 401, 403, 404, 429],
  })
  async decide(
    @CurrentUser() user: Principal,
    @Param('uid', new ZodValidationPipe(interactionIdSchema, 'uid')) uid: string,
    @Body(new ZodValidationPipe(consentDecisionSchema)) body: ConsentDecision,
  ) {
    return { redirectTo: await this.apps.decide(user.userId, uid, body) };
  }

  @Get('connections')
  @ApiEndpoint({
    operationId: 'listConnectedApps',
    tag: 'OAuth',
    summary: 'List connected apps',
    description: 'The agents the person connected through OAuth, newest first. Signed-in sessions only.',
    responses: { 200: { description: 'Connected apps.', schema: connectedAppListSchema } },
    errors: [401, 403],
  })
  async list(@CurrentUser() user: Principal) {
    return { items: await this.apps.list(user.userId) };
  }

  @Delete('connections/:clientId')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'revokeConnectedApp',
    tag: 'OAuth',
    summary: 'Revoke a connected app',
    description:
      'Ends every grant the person gave this client: its access and refresh tokens stop working at once, on ' +
      'every server. Signed-in sessions only.',
    pathParams: { clientId: 'The OAuth client id.' },
    responses: { 204: { description: 'The app is disconnected.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async revoke(
    @CurrentUser() user: Principal,
    @Param('clientId', new ZodValidationPipe(clientIdSchema, 'clientId')) clientId: string,
  ): Promise<void> {
    await this.apps.revoke(user.userId, clientId);
  }
}
