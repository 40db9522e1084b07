/**
 * Who may call what, route by route, for each kind of caller of a shared project: its owner, an editor, a viewer,
 * someone who is not a member, a member who was removed, and the owner's read-only personal access token. Every
 * /api/v1 route the app mounts must be listed here (the role matrix test fails otherwise): as the statuses each
 * caller gets on that project's things, or as `personal` with the reason project roles do not decide it.
 */
export const ROLES = ['owner', 'editor', 'viewer', 'nonMember', 'removed', 'readOnlyPat'] as const;
export type Role = (typeof ROLES)[number];

export interface ProjectRoute {
  /** Statuses in ROLES order. */
  statuses: readonly [number, number, number, number, number, number];
  /** What the route acts on, from the fixture (default: by its path). */
  target?: 'trashedProject';
  query?: Record<string, string>;
}
export type MatrixEntry = ProjectRoute | { personal: string };

/** Reading: every member (and the owner's read-only token). */
const read = (ok = 200): ProjectRoute => ({ statuses: [ok, ok, ok, 404, 404, ok] });
/** Writing: owners and editors. */
const write = (ok = 200): ProjectRoute => ({ statuses: [ok, ok, 403, 404, 404, 403] });
/** Owning: the owner alone. */
const own = (ok = 200, patReads = false): ProjectRoute => ({
  statuses: [ok, 403, 403, 404, 404, patReads ? ok : 403],
});

const SELF = 'acts on the caller’s own account, tokens or clients: no project role applies';

export const ROLE_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/v1/projects/{id}': read(),
  'PATCH /api/v1/projects/{id}': write(),
  'DELETE /api/v1/projects/{id}': own(204),
  'POST /api/v1/projects/{id}/restore': { ...own(200), target: 'trashedProject' },
  'GET /api/v1/projects/{id}/invitations': own(200, true),
  'POST /api/v1/projects/{id}/invitations': own(201),
  'DELETE /api/v1/projects/{id}/invitations/{invitationId}': own(204),
  'GET /api/v1/projects/{id}/members': read(),
  'PATCH /api/v1/projects/{id}/members/{userId}': own(200),
  'DELETE /api/v1/projects/{id}/members/{userId}': own(204),
  'GET /api/v1/projects/{id}/sections': read(),
  'POST /api/v1/projects/{id}/sections': write(201),
  'PATCH /api/v1/sections/{id}': write(),
  'DELETE /api/v1/sections/{id}': write(204),
  'GET /api/v1/tasks/{id}': read(),
  'PATCH /api/v1/tasks/{id}': write(),
  'DELETE /api/v1/tasks/{id}': write(204),
  'POST /api/v1/tasks/{id}/move': write(),
  'GET /api/v1/tasks/{id}/comments': read(),
  'POST /api/v1/tasks/{id}/comments': write(201),
  // The fixture's comment is the owner's: another member may not delete it (its author or the owner may).
  'DELETE /api/v1/comments/{id}': own(204),
  // Read-only for everyone: no route writes activity (test/e2e/activity checks that none exists).
  'GET /api/v1/projects/{id}/activity': read(),
  'POST /api/v1/trash/{id}/restore': write(),
  'DELETE /api/v1/trash/{id}': write(204),
  // With the project as filter / destination; without one they cover the caller's own projects (see the lists test).
  'GET /api/v1/tasks': { ...read(), query: { projectId: '{project}' } },
  'POST /api/v1/tasks': write(201),
  // Anyone signed in may join with a token (a member gets 200 and nothing changes); the read-only token may not.
  'POST /api/v1/invitations/accept': { statuses: [200, 200, 200, 200, 200, 403] },
  // Public: the token alone shows what it offers, to anyone (no bearer is looked at, so every caller gets 200).
  'GET /api/v1/invitations/{token}': { statuses: [200, 200, 200, 200, 200, 200] },
  'POST /api/v1/tasks/quick': {
    personal:
      'files into the caller’s Inbox, or a project of theirs its +Project names (checked as createTask)',
  },
  'GET /api/v1/feeds': { personal: 'lists the caller’s own calendar feeds' },
  'POST /api/v1/feeds': {
    personal: 'creates a feed of the caller’s; a projectId needs membership (test/e2e/feeds covers it)',
  },
  'DELETE /api/v1/feeds/{id}': { personal: 'revokes one of the caller’s own feeds' },
  'GET /api/v1/webhooks': { personal: 'lists the caller’s own webhooks' },
  'POST /api/v1/webhooks': {
    personal: 'creates a webhook of the caller’s; a projectId needs membership (test/e2e/webhooks covers it)',
  },
  'GET /api/v1/webhooks/{id}': { personal: 'reads one of the caller’s own webhooks' },
  'DELETE /api/v1/webhooks/{id}': { personal: 'deletes one of the caller’s own webhooks' },
  'POST /api/v1/webhooks/{id}/rotate': { personal: 'rotates the secret of one of the caller’s own webhooks' },
  'POST /api/v1/webhooks/{id}/test': { personal: 'sends a test message to one of the caller’s own webhooks' },
  'GET /api/v1/webhooks/{id}/deliveries': {
    personal: 'reads the delivery log of one of the caller’s own webhooks',
  },
  'GET /api/v1/export': { personal: 'exports what the caller owns' },
  'POST /api/v1/import': { personal: 'creates projects the caller owns' },
  'GET /api/v1/tasks/events': {
    personal: 'a stream of the caller’s projects: test/realtime covers who receives what',
  },
  'GET /api/v1/projects': { personal: 'lists the caller’s memberships (see the lists test)' },
  'POST /api/v1/projects': { personal: 'creates a project the caller owns' },
  'GET /api/v1/trash': { personal: 'lists the caller’s trash (see the lists test)' },
  'DELETE /api/v1/trash': {
    personal: 'empties the caller’s trash: their own trashed tasks in projects they can write',
  },
  'GET /api/v1/trash/projects': { personal: 'lists projects the caller owns' },
  'GET /api/v1/users/me': { personal: SELF },
  'GET /api/v1/tokens': { personal: SELF },
  'POST /api/v1/tokens': { personal: SELF },
  'DELETE /api/v1/tokens/{id}': { personal: SELF },
  'GET /api/v1/oauth/connections': { personal: SELF },
  'DELETE /api/v1/oauth/connections/{clientId}': { personal: SELF },
  'GET /api/v1/oauth/consents/{uid}': { personal: SELF },
  'POST /api/v1/oauth/consents/{uid}': { personal: SELF },
  'POST /api/v1/auth/register': { personal: 'public' },
  'POST /api/v1/auth/login': { personal: 'public' },
  'POST /api/v1/auth/refresh': { personal: 'public' },
  'POST /api/v1/auth/logout': { personal: 'public' },
};
