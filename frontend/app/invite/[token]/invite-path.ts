/** What went wrong joining, as the invitation page's `?error=`: the link no longer works, too many tries, other. */
export type InviteFailure = 'gone' | 'busy' | 'failed';

/** The invitation page of a token (the link the share dialog hands out is this path on the web origin). */
export const invitePath = (token: string) => `/invite/${encodeURIComponent(token)}`;
