import type { Schemas } from '@todo/openapi';

/** The question the invitation page asks, naming what the link offers: "Join Flat as editor, invited by Ada". */
export function joinHeading(
  invitation: Pick<Schemas['InvitationPreview'], 'projectName' | 'role' | 'invitedBy'>,
) {
  return `Join ${invitation.projectName} as ${invitation.role}, invited by ${invitation.invitedBy}`;
}

/** What the role lets the person do, in a sentence under the question. */
export const ROLE_MEANS: Record<Schemas['InvitationPreview']['role'], string> = {
  editor: 'As an editor you can add, change, complete and move its tasks.',
  viewer: 'As a viewer you can see its tasks and comments, but not change them.',
};
