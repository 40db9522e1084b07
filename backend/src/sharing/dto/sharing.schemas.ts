import { z } from 'zod';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

/** The roles an invitation or a role change can give: a project has exactly one owner, its creator. */
export const GRANTED_ROLES = ['editor', 'viewer'] as const;
const grantedRole = z.enum(GRANTED_ROLES).describe('`editor` reads and writes; `viewer` only reads.');

const nextCursor = z
  .string()
  .max(1000)
  .nullable()
  .describe('Pass as `cursor` to get the next page; null on the last page.');

export const createInvitationSchema = z
  .object({
    role: grantedRole,
    expiresInDays: z.int().min(1).max(30).default(7).describe('Days until the link stops working; 1 to 30.'),
    maxUses: z.int().min(1).max(100).default(1).describe('How many people can join with it; 1 to 100.'),
  })
  .strict();
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;
requestSchemas.add(createInvitationSchema, {
  id: 'CreateInvitationRequest',
  examples: [{ role: 'editor', expiresInDays: 7, maxUses: 1 }],
});

export const invitationSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(GRANTED_ROLES),
    expiresAt: z.iso.datetime().describe('When the link stops working.'),
    maxUses: z.int().min(1).max(100),
    uses: z.int().min(0).max(100).describe('How many people have joined with it.'),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type Invitation = z.infer<typeof invitationSchema>;
const example: Invitation = {
  id: '0d7f3b2a-5c4e-4f6a-8b9c-1d2e3f4a5b6c',
  role: 'editor',
  expiresAt: '2026-12-08T10:00:00.000Z',
  maxUses: 1,
  uses: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
};
responseSchemas.add(invitationSchema, {
  id: 'Invitation',
  description: 'An open invitation to a project, without its token.',
  examples: [example],
});

export const createdInvitationSchema = invitationSchema
  .extend({
    token: z
      .string()
      .max(200)
      .describe(
        'The secret to hand to the invitee (e.g. in a link); shown only here, stored only as a hash.',
      ),
  })
  .strict();
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;
responseSchemas.add(createdInvitationSchema, {
  id: 'CreatedInvitation',
  description: 'A new invitation with its token, which is never shown again.',
  examples: [{ ...example, token: 'inv_9Qh3m0Vb1c8s2E5t7U0w4Y6a8C1e3G5i7K9m1O3q5S7' }],
});

export const invitationPageSchema = z
  .object({ items: z.array(invitationSchema).max(100), nextCursor })
  .strict();
export type InvitationPage = z.infer<typeof invitationPageSchema>;
responseSchemas.add(invitationPageSchema, {
  id: 'InvitationPage',
  description: 'One page of a project’s invitations that are not revoked, newest first.',
  examples: [{ items: [example], nextCursor: null }],
});

export const acceptInvitationSchema = z
  .object({ token: z.string().min(1).max(200).describe('The token of the invitation.') })
  .strict();
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
requestSchemas.add(acceptInvitationSchema, {
  id: 'AcceptInvitationRequest',
  examples: [{ token: 'inv_9Qh3m0Vb1c8s2E5t7U0w4Y6a8C1e3G5i7K9m1O3q5S7' }],
});

export const invitationPreviewSchema = z
  .object({
    projectName: z.string().max(100).describe('The name of the project the invitation is for.'),
    role: z.enum(GRANTED_ROLES).describe('The role whoever joins with it gets.'),
    invitedBy: z.string().max(100).describe('The name of the person who made the invitation.'),
    expiresAt: z.iso.datetime().describe('When the link stops working.'),
  })
  .strict();
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
responseSchemas.add(invitationPreviewSchema, {
  id: 'InvitationPreview',
  examples: [
    { projectName: 'Flat', role: 'editor', invitedBy: 'Ada Lovelace', expiresAt: '2026-12-08T10:00:00.000Z' },
  ],
});

export const memberSchema = z
  .object({
    userId: z.uuid(),
    name: z.string().max(100),
    email: z.string().max(320),
    role: z.enum(['owner', 'editor', 'viewer']),
    joinedAt: z.iso.datetime(),
  })
  .strict();
export type Member = z.infer<typeof memberSchema>;
const member: Member = {
  userId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  name: 'Ada',
  email: 'ada@example.com',
  role: 'editor',
  joinedAt: '2026-12-01T10:00:00.000Z',
};
responseSchemas.add(memberSchema, {
  id: 'Member',
  description: 'A member of a project.',
  examples: [member],
});

export const memberPageSchema = z.object({ items: z.array(memberSchema).max(100), nextCursor }).strict();
export type MemberPage = z.infer<typeof memberPageSchema>;
responseSchemas.add(memberPageSchema, {
  id: 'MemberPage',
  description: 'One page of a project’s members, in the order they joined.',
  examples: [{ items: [member], nextCursor: null }],
});

export const updateMemberSchema = z.object({ role: grantedRole }).strict();
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;
requestSchemas.add(updateMemberSchema, { id: 'UpdateMemberRequest', examples: [{ role: 'viewer' }] });
