import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { NoStore } from '../caching/http-caching.decorators.js';
import { CurrentUser, type Principal, Public, Scope } from '../common/principal.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import {
  type Project,
  projectIdSchema,
  type ProjectPageQuery,
  projectPageQuerySchema,
  projectSchema,
} from '../projects/dto/project.schemas.js';
import { projectIdPipe } from '../projects/projects.controller.js';
import { LimitAccepts } from '../throttling/accept-limits.js';
import { LimitWrites } from '../throttling/write-limits.js';
import {
  type AcceptInvitationInput,
  acceptInvitationSchema,
  type CreatedInvitation,
  createdInvitationSchema,
  type CreateInvitationInput,
  createInvitationSchema,
  invitationPageSchema,
  type InvitationPreview,
  invitationPreviewSchema,
  type Member,
  memberPageSchema,
  memberSchema,
  type UpdateMemberInput,
  updateMemberSchema,
} from './dto/sharing.schemas.js';
import { SharingService } from './sharing.service.js';

const PROJECT_ID = { id: 'The project id (UUID).' };
const invitationIdPipe = new ZodValidationPipe(projectIdSchema, 'invitationId');
const userIdPipe = new ZodValidationPipe(projectIdSchema, 'userId');
const tokenPipe = new ZodValidationPipe(acceptInvitationSchema.shape.token, 'token');

@Controller()
export class SharingController {
  constructor(private readonly sharing: SharingService) {}

  @Post('projects/:id/invitations')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'createInvitation',
    tag: 'Projects',
    summary: 'Invite people to a project',
    description:
      'Creates an invitation (owner only; 403 otherwise) that lets whoever holds its `token` join the project with ' +
      '`role`, until it expires (`expiresInDays`, default 7) or has been used `maxUses` times (default 1). The ' +
      'token is shown only in this response. The Inbox cannot be shared (409). Needs `tasks:write`.',
    pathParams: PROJECT_ID,
    body: createInvitationSchema,
    responses: { 201: { description: 'The invitation, with its token.', schema: createdInvitationSchema } },
    errors: [400, 401, 403, 404, 409, 413, 415, 429],
  })
  createInvitation(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Body(new ZodValidationPipe(createInvitationSchema)) body: CreateInvitationInput,
  ): Promise<CreatedInvitation> {
    return this.sharing.createInvitation(user.userId, projectId, body);
  }

  @Get('projects/:id/invitations')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listInvitations',
    tag: 'Projects',
    summary: 'List a project’s invitations',
    description:
      'Returns the invitations of a project that are not revoked, newest first, without their tokens (owner only; ' +
      '403 for editors and viewers). Read-only; needs `tasks:read`.',
    pathParams: PROJECT_ID,
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of invitations.', schema: invitationPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listInvitations(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ) {
    return this.sharing.listInvitations(user.userId, projectId, query);
  }

  @Delete('projects/:id/invitations/:invitationId')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'revokeInvitation',
    tag: 'Projects',
    summary: 'Revoke an invitation',
    description:
      'Revokes an invitation (owner only): its token stops working at once. People who joined with it stay. ' +
      'Needs `tasks:write`.',
    pathParams: { ...PROJECT_ID, invitationId: 'The invitation id (UUID).' },
    responses: { 204: { description: 'The invitation is revoked.' } },
    errors: [400, 401, 403, 404, 429],
  })
  async revokeInvitation(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Param('invitationId', invitationIdPipe) invitationId: string,
  ): Promise<void> {
    await this.sharing.revokeInvitation(user.userId, projectId, invitationId);
  }

  @Post('invitations/accept')
  @Scope('tasks:write')
  @LimitWrites()
  @LimitAccepts()
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'acceptInvitation',
    tag: 'Projects',
    summary: 'Join a project with an invitation',
    description:
      'Makes you a member of the invitation’s project with its role and returns the project. An unknown, expired, ' +
      'revoked or used-up token is 404. If you already belong to the project, nothing changes (no use is spent, ' +
      'your role stays) and you get the project. Limited per person like sign-in (429 with Retry-After). Needs ' +
      '`tasks:write`.',
    rateLimited: true,
    body: acceptInvitationSchema,
    responses: { 200: { description: 'The project you now belong to.', schema: projectSchema } },
    errors: [400, 401, 403, 404, 409, 413, 415, 429],
  })
  acceptInvitation(
    @CurrentUser() user: Principal,
    @Body(new ZodValidationPipe(acceptInvitationSchema)) body: AcceptInvitationInput,
  ): Promise<Project> {
    return this.sharing.accept(user.userId, body);
  }

  @Get('invitations/:token')
  @Public()
  @NoStore()
  @LimitAccepts()
  @ApiEndpoint({
    operationId: 'getInvitation',
    tag: 'Projects',
    summary: 'Preview an invitation',
    description:
      'What an invitation link offers, before joining: the project’s name, the role, who invited and until when. ' +
      'Needs no sign-in (the token is the secret). An unknown, expired, revoked or used-up token is 404, all alike, ' +
      'as when accepting it; nothing says whether any email has an account. Limited per address like accepting ' +
      '(429 with Retry-After).',
    public: true,
    rateLimited: true,
    pathParams: { token: 'The token of the invitation.' },
    responses: { 200: { description: 'The invitation.', schema: invitationPreviewSchema } },
    errors: [400, 404, 429],
  })
  getInvitation(@Param('token', tokenPipe) token: string): Promise<InvitationPreview> {
    return this.sharing.preview(token);
  }

  @Get('projects/:id/members')
  @Scope('tasks:read')
  @ApiEndpoint({
    operationId: 'listMembers',
    tag: 'Projects',
    summary: 'List a project’s members',
    description:
      'Returns the members of a project you belong to, with their roles, in the order they joined. Read-only; ' +
      'needs `tasks:read`.',
    pathParams: PROJECT_ID,
    query: projectPageQuerySchema,
    responses: { 200: { description: 'A page of members.', schema: memberPageSchema } },
    errors: [400, 401, 403, 404],
  })
  listMembers(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Query(new ZodValidationPipe(projectPageQuerySchema)) query: ProjectPageQuery,
  ) {
    return this.sharing.listMembers(user.userId, projectId, query);
  }

  @Patch('projects/:id/members/:userId')
  @Scope('tasks:write')
  @LimitWrites()
  @ApiEndpoint({
    operationId: 'updateMember',
    tag: 'Projects',
    summary: 'Change a member’s role',
    description:
      'Makes a member an editor or a viewer (owner only; 403 otherwise). The owner’s role cannot change (409). ' +
      'Takes effect on their next request. Needs `tasks:write`.',
    pathParams: { ...PROJECT_ID, userId: 'The member’s user id (UUID).' },
    body: updateMemberSchema,
    responses: { 200: { description: 'The member with the new role.', schema: memberSchema } },
    errors: [400, 401, 403, 404, 409, 413, 415, 429],
  })
  updateMember(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Param('userId', userIdPipe) memberId: string,
    @Body(new ZodValidationPipe(updateMemberSchema)) body: UpdateMemberInput,
  ): Promise<Member> {
    return this.sharing.updateMember(user.userId, projectId, memberId, body);
  }

  @Delete('projects/:id/members/:userId')
  @Scope('tasks:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiEndpoint({
    operationId: 'removeMember',
    tag: 'Projects',
    summary: 'Remove a member, or leave a project',
    description:
      'The owner removes a member, or a member leaves by naming themselves. The owner can neither leave nor be ' +
      'removed (409). Tasks assigned to that person become unassigned; their next request for the project or its ' +
      'tasks is 404. Needs `tasks:write`.',
    pathParams: { ...PROJECT_ID, userId: 'The member’s user id (UUID); your own to leave.' },
    responses: { 204: { description: 'The person is no longer a member.' } },
    errors: [400, 401, 403, 404, 409, 429],
  })
  async removeMember(
    @CurrentUser() user: Principal,
    @Param('id', projectIdPipe) projectId: string,
    @Param('userId', userIdPipe) memberId: string,
  ): Promise<void> {
    await this.sharing.removeMember(user.userId, projectId, memberId);
  }
}
