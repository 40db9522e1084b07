'use client';

import type { components } from '@todo/openapi';
import { useId, useState } from 'react';
import { runMutation } from '@/lib/api/mutation';
import { fieldErrors, needsReauthentication, problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { ReauthNotice } from './reauth-notice';

type Token = components['schemas']['PersonalAccessToken'];
type Created = components['schemas']['CreatedToken'];

export function TokenManager({ initial }: { initial: Token[] }) {
  const id = useId();
  const toasts = useToasts();
  const mutate = useMutation();
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const [days, setDays] = useState('90');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const [reauth, setReauth] = useState(false);
  // The token whose Revoke was pressed, waiting for the person to confirm.
  const [confirming, setConfirming] = useState<string | null>(null);
  const now = new Date();

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setErrors({ name: 'Name the token after what will use it.' });
    setBusy(true);
    const result = await runMutation(
      {
        send: (api) =>
          api.POST('/api/v1/tokens', {
            body: {
              name: name.trim(),
              scopes: write ? ['tasks:read', 'tasks:write'] : ['tasks:read'],
              ...(days ? { expiresInDays: Number(days) } : {}),
            },
          }),
        refused: ({ error }) => {
          if (needsReauthentication(error)) {
            setReauth(true);
            return null;
          }
          const fe = fieldErrors(error);
          if (!Object.keys(fe).length) return problemMessage(error);
          setErrors(fe);
          return null;
        },
      },
      { notify: ({ message }) => setErrors({ form: message }) },
    );
    setBusy(false);
    if (!result.ok || !result.data) return;
    const data = result.data;
    setCreated(data);
    setTokens((all) => [
      {
        id: data.id,
        name: data.name,
        scopes: data.scopes,
        expiresAt: data.expiresAt,
        createdAt: data.createdAt,
        lastUsedAt: null,
      },
      ...all,
    ]);
    // The next token starts from the safe defaults again, not from this one's choices.
    setName('');
    setWrite(false);
    setDays('90');
    setErrors({});
  };

  const revoke = async (t: Token) => {
    setConfirming(null);
    // A revoked token's secret is useless: stop showing it as "your new token".
    const shownSecret = created?.id === t.id ? created : null;
    if (shownSecret) setCreated(null);
    const result = await mutate({
      apply: () => {
        setTokens((all) => all.filter((x) => x.id !== t.id));
        return () => setTokens((all) => [t, ...all]);
      },
      send: (api) => api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: t.id } } }),
      refused: ({ error }) => problemMessage(error),
    });
    if (result.ok) toasts.show({ message: `Revoked “${t.name}”. It stopped working just now.` });
    else if (shownSecret) setCreated(shownSecret);
  };

  return (
    <div className="space-y-8">
      {reauth ? (
        <ReauthNotice returnTo="/settings">
          Creating a token needs a recent sign-in, so that a session left open somewhere cannot mint one.
        </ReauthNotice>
      ) : null}
      <form
        onSubmit={create}
        noValidate
        className="space-y-4 rounded-2xl border border-border bg-surface p-5"
      >
        <h2 className="text-lg font-semibold">New token</h2>
        {errors.form ? (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {errors.form}
          </p>
        ) : null}
        <div>
          <label className="label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            className="field"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. calendar sync agent"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-err` : undefined}
          />
          {errors.name ? (
            <p id={`${id}-name-err`} className="mt-1 text-sm text-danger">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-4">
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="h-5 w-5 accent-accent"
              checked={write}
              onChange={(e) => setWrite(e.target.checked)}
            />
            Can change tasks (tasks:write)
          </label>
          <div className="flex items-center gap-2">
            <label className="text-sm" htmlFor={`${id}-days`}>
              Expires
            </label>
            <select
              id={`${id}-days`}
              className="field w-auto"
              value={days}
              onChange={(e) => setDays(e.target.value)}
            >
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
            </select>
          </div>
        </div>
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </form>

      {created ? (
        <div role="status" className="rounded-2xl border border-ok bg-ok-soft p-5" data-testid="new-token">
          <p className="font-semibold">Copy your new token now — it will not be shown again.</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <code className="min-w-0 flex-1 rounded-lg bg-surface px-3 py-2.5 font-mono text-sm break-all">
              {created.token}
            </code>
            <button
              type="button"
              className="btn-primary"
              onClick={() =>
                void navigator.clipboard.writeText(created.token).then(
                  () => toasts.show({ message: 'Token copied to the clipboard.' }),
                  () =>
                    toasts.show({
                      tone: 'error',
                      message: 'Could not copy; select the text and copy it yourself.',
                    }),
                )
              }
            >
              Copy
            </button>
          </div>
        </div>
      ) : null}

      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`} className="mb-3 text-lg font-semibold">
          Your tokens
        </h2>
        {tokens.length === 0 ? (
          <p className="text-sm text-muted">
            No tokens yet. Create one for each agent or script, with only the access it needs.
          </p>
        ) : (
          <ul className="space-y-2">
            {tokens.map((t) => (
              <li
                key={t.id}
                className="flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface px-4 py-3"
              >
                <div className="min-w-0 flex-1">
                  <p className="font-medium break-words">{t.name}</p>
                  <p className="text-xs text-muted">
                    {t.scopes.join(', ')} · created {formatWhen(t.createdAt, now)} ·{' '}
                    {t.expiresAt ? `expires ${formatWhen(t.expiresAt, now)}` : 'never expires'}
                    {t.lastUsedAt ? ` · last used ${formatWhen(t.lastUsedAt, now)}` : ' · never used'}
                  </p>
                </div>
                {confirming === t.id ? (
                  <RevokeConfirm
                    name={t.name}
                    onConfirm={() => void revoke(t)}
                    onCancel={() => setConfirming(null)}
                  />
                ) : (
                  <button
                    type="button"
                    className="btn-ghost border border-border text-danger"
                    onClick={() => setConfirming(t.id)}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Revoking cannot be undone (whatever uses the token stops at once), so it is asked in place first. */
function RevokeConfirm({
  name,
  onConfirm,
  onCancel,
}: {
  name: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const labelId = useId();
  return (
    <div
      role="group"
      aria-labelledby={labelId}
      className="flex w-full flex-wrap items-center gap-2 sm:w-auto"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p id={labelId} className="text-sm">
        Revoke “{name}”? Whatever uses it stops working at once.
      </p>
      <button type="button" className="btn-danger" onClick={onConfirm} autoFocus>
        Yes, revoke
      </button>
      <button type="button" className="btn-ghost border border-border" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
