import type { Metadata } from 'next';
import Link from 'next/link';
import { CardPage } from '@/components/ui/card-page';
import { requireSession } from '@/lib/auth/current-user';
import { acceptInvitation } from './actions';
import { invitePath } from './invite-path';
import { joinHeading, ROLE_MEANS } from './invite-text';
import { readInvitation } from './preview';

export const metadata: Metadata = { title: 'Join a project', robots: { index: false } };

const FAILURE: Record<string, { title: string; text: string }> = {
  gone: {
    title: 'This invitation link no longer works',
    text: 'It has expired, was revoked, or has already been used. Ask the person who shared the project for a new link.',
  },
  busy: {
    title: 'Too many attempts',
    text: 'Wait a minute, then open the link again.',
  },
  failed: {
    title: 'Could not join the project',
    text: 'The server did not answer as expected. Open the link again in a moment.',
  },
};

/**
 * Where an invitation link lands. Signed out, the proxy sends the person to sign in (or sign up, from there) and
 * back here; signed in, they are asked before joining, since opening a link alone must not make anyone a member.
 * The question names the project, the role and who invited (the API's preview of the token); a link that no longer
 * works says so at once.
 */
export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const error = (await searchParams).error;
  const { user } = await requireSession(invitePath(token));
  const asked = typeof error === 'string' ? FAILURE[error] : undefined;
  const read = asked ? null : await readInvitation(token);
  const failure = asked ?? (read && 'failure' in read ? FAILURE[read.failure] : undefined);
  const invitation = read && 'invitation' in read ? read.invitation : null;
  return (
    <CardPage>
      {failure ? (
        <div role="alert" data-testid="invite-failed">
          <h1 className="mb-2 text-xl font-semibold">{failure.title}</h1>
          <p className="mb-6 text-sm text-muted">{failure.text}</p>
          <Link href="/tasks" className="btn-primary min-h-11 px-4">
            Go to your tasks
          </Link>
        </div>
      ) : (
        <form action={acceptInvitation}>
          <input type="hidden" name="token" value={token} />
          {invitation ? (
            <>
              <h1 className="mb-2 text-xl font-semibold break-words">{joinHeading(invitation)}</h1>
              <p className="mb-6 text-sm text-muted">
                {user ? `Signed in as ${user.email}. ` : ''}
                {ROLE_MEANS[invitation.role]} Its owner can change your role or remove you later. The link
                works until{' '}
                {new Date(invitation.expiresAt).toLocaleDateString('en-GB', { dateStyle: 'long' })}.
              </p>
            </>
          ) : (
            // The API could not say what the link offers right now: asked without naming it; joining tells.
            <>
              <h1 className="mb-2 text-xl font-semibold">Join a shared project?</h1>
              <p className="mb-6 text-sm text-muted">
                {user ? `Signed in as ${user.email}. ` : ''}Someone invited you to a project. Joining adds it
                to your projects, with the role they chose for you; its owner can change that or remove you
                later.
              </p>
            </>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Link href="/tasks" className="btn-ghost min-h-11 px-4">
              Not now
            </Link>
            <button type="submit" className="btn-primary min-h-11 px-4">
              Join project
            </button>
          </div>
        </form>
      )}
    </CardPage>
  );
}
