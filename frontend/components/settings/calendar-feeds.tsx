'use client';

import type { components } from '@todo/openapi';
import { useId, useState } from 'react';
import { problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { ProjectPicker, type ProjectChoice } from './project-picker';

type Feed = components['schemas']['Feed'];
type Created = components['schemas']['CreatedFeed'];

/** Settings → Calendar feeds: a secret iCalendar URL per calendar app, shown once, revocable. */
export function CalendarFeeds({ initial, projects }: { initial: Feed[]; projects: ProjectChoice[] }) {
  const id = useId();
  const toasts = useToasts();
  const mutate = useMutation();
  const [feeds, setFeeds] = useState(initial);
  const [projectId, setProjectId] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (feed: Feed) =>
    feed.projectId ? (projects.find((p) => p.id === feed.projectId)?.name ?? 'A project') : 'All projects';
  const now = new Date();

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await mutate({
      send: (api) => api.POST('/api/v1/feeds', { body: projectId ? { projectId } : {} }),
      refused: ({ error }) => problemMessage(error),
    });
    setBusy(false);
    if (!result.ok || !result.data) return;
    const { url: _secret, ...feed } = result.data;
    setCreated(result.data);
    setFeeds((all) => [feed, ...all]);
  };

  const revoke = async (feed: Feed) => {
    if (created?.id === feed.id) setCreated(null);
    const result = await mutate({
      apply: () => {
        setFeeds((all) => all.filter((x) => x.id !== feed.id));
        return () => setFeeds((all) => [feed, ...all]);
      },
      send: (api) => api.DELETE('/api/v1/feeds/{id}', { params: { path: { id: feed.id } } }),
      doneOn: [404],
      refused: ({ error }) => problemMessage(error),
    });
    if (result.ok) toasts.show({ message: 'Feed revoked. Its address stopped working just now.' });
  };

  const copy = (url: string) =>
    void navigator.clipboard.writeText(url).then(
      () => toasts.show({ message: 'Feed address copied to the clipboard.' }),
      () =>
        toasts.show({ tone: 'error', message: 'Could not copy; select the address and copy it yourself.' }),
    );

  return (
    <section aria-labelledby={`${id}-title`} className="mb-10 space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Calendar feeds
      </h2>
      <p className="text-sm text-muted">
        Your tasks with a due time, in any calendar: add the address as a subscription (Google Calendar: Other
        calendars → From URL; Apple Calendar: File → New Calendar Subscription; Outlook: Add calendar →
        Subscribe from web). Anyone with the address can see those tasks, so revoke it if it leaks.
      </p>
      <form
        onSubmit={create}
        className="flex flex-wrap items-end gap-3 rounded-2xl border border-border bg-surface p-5"
      >
        <ProjectPicker
          id={`${id}-project`}
          label="Tasks from"
          projects={projects}
          value={projectId}
          onChange={setProjectId}
        />
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create feed'}
        </button>
      </form>

      {created ? (
        <div role="status" className="rounded-2xl border border-ok bg-ok-soft p-5" data-testid="new-feed">
          <p className="font-semibold">Copy the feed address now — it will not be shown again.</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <code className="min-w-0 flex-1 rounded-lg bg-surface px-3 py-2.5 font-mono text-sm break-all">
              {created.url}
            </code>
            <button type="button" className="btn-primary" onClick={() => copy(created.url)}>
              Copy address
            </button>
          </div>
        </div>
      ) : null}

      {feeds.length === 0 ? (
        <p className="text-sm text-muted">No feeds yet.</p>
      ) : (
        <ul
          className="divide-y divide-border rounded-2xl border border-border bg-surface"
          aria-label="Your feeds"
        >
          {feeds.map((feed) => (
            <li
              key={feed.id}
              className="flex items-center justify-between gap-3 px-4 py-3"
              aria-label={nameOf(feed)}
            >
              <div>
                <p className="font-medium">{nameOf(feed)}</p>
                <p className="text-sm text-muted">Created {formatWhen(feed.createdAt, now)}</p>
              </div>
              <button type="button" className="btn-ghost" onClick={() => void revoke(feed)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
