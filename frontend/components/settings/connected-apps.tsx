'use client';

import type { components } from '@todo/openapi';
import { useState } from 'react';
import { runMutation } from '@/lib/api/mutation';
import { problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';

type ConnectedApp = components['schemas']['ConnectedAppList']['items'][number];

/** Agents connected through OAuth; revoking one stops its tokens at once, on every server. */
export function ConnectedApps({ initial }: { initial: ConnectedApp[] }) {
  const [apps, setApps] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const now = new Date();

  const revoke = async (clientId: string) => {
    setError(null);
    const result = await runMutation(
      {
        send: (api) => api.DELETE('/api/v1/oauth/connections/{clientId}', { params: { path: { clientId } } }),
        refused: ({ error: problem }) => problemMessage(problem),
      },
      { notify: ({ message }) => setError(message) },
    );
    if (result.ok) setApps((list) => list.filter((app) => app.clientId !== clientId));
  };

  return (
    <section aria-labelledby="connected-apps" className="mb-10">
      <h2 id="connected-apps" className="mb-1 text-lg font-semibold">
        Connected apps
      </h2>
      <p className="mb-3 text-sm text-muted">Agents you connected by their URL, with what each may do.</p>
      {error ? (
        <p role="alert" className="mb-3 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {apps.length === 0 ? (
        <p className="text-sm text-muted">No connected apps.</p>
      ) : (
        <ul className="divide-y divide-border rounded-xl border border-border">
          {apps.map((app) => (
            <li key={app.clientId} className="flex items-center gap-3 px-4 py-3" data-testid="connected-app">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{app.name ?? app.clientId}</p>
                <p className="text-xs text-muted">
                  {app.scopes.join(', ')} · connected {formatWhen(app.connectedAt, now)}
                </p>
              </div>
              <button
                type="button"
                className="btn-danger min-h-11 px-3"
                onClick={() => void revoke(app.clientId)}
                aria-label={`Revoke ${app.name ?? app.clientId}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
