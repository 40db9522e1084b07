import type { Metadata } from 'next';
import { CardPage } from '@/components/ui/card-page';
import { requireSession } from '@/lib/auth/current-user';
import { decideConsent } from './actions';

export const metadata: Metadata = { title: 'Connect an app' };

const SCOPE_TEXT: Record<string, string> = {
  'tasks:read': 'See your tasks and trash',
  'tasks:write': 'Create, change, complete and delete your tasks',
};

/** Where an agent's authorization request lands: the signed-in person approves or denies it. */
export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const uid = (await searchParams).uid;
  const id = typeof uid === 'string' ? uid : '';
  // Not signed in: sign-in brings the person back here, to this pending consent.
  const { api, user } = await requireSession(`/oauth/consent?uid=${encodeURIComponent(id)}`);
  const { data: pending } = id
    ? await api.GET('/api/v1/oauth/consents/{uid}', { params: { path: { uid: id } } })
    : { data: undefined };
  return (
    <CardPage>
      {!pending ? (
        <>
          <h1 className="mb-2 text-xl font-semibold">This request has expired</h1>
          <p className="text-sm text-muted">Start connecting the app again from the app itself.</p>
        </>
      ) : (
        <form action={decideConsent}>
          <input type="hidden" name="uid" value={id} />
          <h1 className="mb-2 text-xl font-semibold">
            Connect <span data-testid="client-name">{pending.client.name ?? pending.client.id}</span>?
          </h1>
          <p className="mb-4 text-sm text-muted">
            {user ? `Signed in as ${user.email}. ` : ''}It will return to{' '}
            <strong data-testid="redirect-host">{pending.redirectHost}</strong> and be able to:
          </p>
          <ul className="mb-6 list-disc pl-5 text-sm" aria-label="What the app may do">
            {pending.scopes.map((scope) => (
              <li key={scope}>{SCOPE_TEXT[scope] ?? scope}</li>
            ))}
          </ul>
          <div className="flex justify-end gap-2">
            <button type="submit" name="decision" value="deny" className="btn-ghost min-h-11 px-4">
              Deny
            </button>
            <button type="submit" name="decision" value="approve" className="btn-primary min-h-11 px-4">
              Approve
            </button>
          </div>
          <p className="mt-4 text-xs text-muted">You can disconnect it at any time in Settings.</p>
        </form>
      )}
    </CardPage>
  );
}
