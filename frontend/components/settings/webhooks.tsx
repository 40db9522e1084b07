'use client';

import type { components } from '@todo/openapi';
import { useId, useState } from 'react';
import { browserApi } from '@/lib/api/browser';
import { fieldErrors, problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { ProjectPicker, type ProjectChoice } from './project-picker';

type Webhook = components['schemas']['Webhook'];
type Created = components['schemas']['CreatedWebhook'];
type Delivery = components['schemas']['WebhookDelivery'];
type EventName = Webhook['events'][number];

const EVENTS: EventName[] = [
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
  'project.updated',
  'project.deleted',
  'member.added',
  'member.removed',
  'comment.created',
];

/** Settings → Webhooks: signed HTTPS callbacks for live events; the secret shown once, a test message, the log. */
export function Webhooks({ initial, projects }: { initial: Webhook[]; projects: ProjectChoice[] }) {
  const id = useId();
  const toasts = useToasts();
  const mutate = useMutation();
  const [hooks, setHooks] = useState(initial);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventName[]>(['task.created', 'task.updated']);
  const [projectId, setProjectId] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<{ id: string; items: Delivery[] } | null>(null);
  const nameOf = (hook: Webhook) =>
    hook.projectId ? (projects.find((p) => p.id === hook.projectId)?.name ?? 'A project') : 'All projects';
  const now = new Date();

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const result = await mutate({
      send: (api) =>
        api.POST('/api/v1/webhooks', { body: { url, events, ...(projectId ? { projectId } : {}) } }),
      refused: ({ error }) => {
        setErrors(fieldErrors(error));
        return problemMessage(error);
      },
    });
    setBusy(false);
    if (!result.ok || !result.data) return;
    const { secret: _secret, ...hook } = result.data;
    setCreated(result.data);
    setHooks((all) => [hook, ...all]);
    setUrl('');
  };

  const remove = async (hook: Webhook) => {
    if (created?.id === hook.id) setCreated(null);
    const result = await mutate({
      apply: () => {
        setHooks((all) => all.filter((x) => x.id !== hook.id));
        return () => setHooks((all) => [hook, ...all]);
      },
      send: (api) => api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } } }),
      doneOn: [404],
      refused: ({ error }) => problemMessage(error),
    });
    if (result.ok) toasts.show({ message: 'Webhook deleted. Nothing more is sent to it.' });
  };

  const showDeliveries = async (hook: Webhook) => {
    const api = await browserApi();
    const { data } = await api.GET('/api/v1/webhooks/{id}/deliveries', {
      params: { path: { id: hook.id }, query: { limit: 20 } },
    });
    setOpen({ id: hook.id, items: data?.items ?? [] });
  };

  const sendTest = async (hook: Webhook) => {
    const result = await mutate({
      send: (api) => api.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: hook.id } } }),
      refused: ({ error }) => problemMessage(error),
    });
    if (!result.ok) return;
    toasts.show({ message: 'Test message queued.' });
    // Give the first attempt a moment, then show the log with it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await showDeliveries(hook);
  };

  const toggle = (event: EventName) =>
    setEvents((all) => (all.includes(event) ? all.filter((x) => x !== event) : [...all, event]));

  return (
    <section aria-labelledby={`${id}-title`} className="mb-10 space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Webhooks
      </h2>
      <p className="text-sm text-muted">
        Get a signed HTTPS request (Standard Webhooks) for every change you choose, retried for a day until
        your server answers 2xx. Verify each with the secret shown when you add the webhook.
      </p>
      <form onSubmit={create} className="space-y-3 rounded-2xl border border-border bg-surface p-5">
        <div>
          <label className="label" htmlFor={`${id}-url`}>
            Payload URL
          </label>
          <input
            id={`${id}-url`}
            className="field"
            type="url"
            required
            placeholder="https://hooks.example.com/todo"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? `${id}-url-error` : undefined}
          />
          {errors.url ? (
            <p id={`${id}-url-error`} className="mt-1 text-sm text-danger">
              {errors.url}
            </p>
          ) : null}
        </div>
        <fieldset>
          <legend className="label">Events</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} />
                {event}
              </label>
            ))}
          </div>
          {errors.events ? <p className="mt-1 text-sm text-danger">{errors.events}</p> : null}
        </fieldset>
        <div className="flex flex-wrap items-end gap-3">
          <ProjectPicker
            id={`${id}-project`}
            label="Changes in"
            projects={projects}
            value={projectId}
            onChange={setProjectId}
          />
          <button type="submit" className="btn-primary" disabled={busy || events.length === 0}>
            {busy ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
      </form>

      {created ? (
        <div role="status" className="rounded-2xl border border-ok bg-ok-soft p-5" data-testid="new-webhook">
          <p className="font-semibold">Copy the signing secret now — it will not be shown again.</p>
          <code className="mt-3 block rounded-lg bg-surface px-3 py-2.5 font-mono text-sm break-all">
            {created.secret}
          </code>
        </div>
      ) : null}

      {hooks.length === 0 ? (
        <p className="text-sm text-muted">No webhooks yet.</p>
      ) : (
        <ul
          className="divide-y divide-border rounded-2xl border border-border bg-surface"
          aria-label="Your webhooks"
        >
          {hooks.map((hook) => (
            <li key={hook.id} className="space-y-2 px-4 py-3" aria-label={hook.url}>
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-medium break-all">{hook.url}</p>
                  <p className="text-sm text-muted">
                    {nameOf(hook)} · {hook.events.join(', ')} · added {formatWhen(hook.createdAt, now)}
                  </p>
                  {hook.disabledAt ? (
                    <p className="text-sm text-danger">Disabled: {hook.disabledReason}</p>
                  ) : null}
                </div>
                <div className="flex gap-2">
                  <button type="button" className="btn-ghost" onClick={() => void sendTest(hook)}>
                    Send test
                  </button>
                  <button type="button" className="btn-ghost" onClick={() => void showDeliveries(hook)}>
                    Deliveries
                  </button>
                  <button type="button" className="btn-ghost" onClick={() => void remove(hook)}>
                    Delete
                  </button>
                </div>
              </div>
              {open?.id === hook.id ? <DeliveryLog items={open.items} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeliveryLog({ items }: { items: Delivery[] }) {
  if (items.length === 0) return <p className="text-sm text-muted">Nothing delivered yet.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Deliveries">
      <thead className="text-muted">
        <tr>
          <th className="py-1 font-medium">Event</th>
          <th className="py-1 font-medium">Status</th>
          <th className="py-1 font-medium">Attempts</th>
          <th className="py-1 font-medium">Answer</th>
        </tr>
      </thead>
      <tbody>
        {items.map((delivery) => (
          <tr key={delivery.id}>
            <td className="py-1 font-mono">{delivery.event}</td>
            <td className="py-1">{delivery.status}</td>
            <td className="py-1">{delivery.attempts}</td>
            <td className="py-1 break-all">
              {delivery.responseStatus !== null ? `HTTP ${delivery.responseStatus}` : (delivery.error ?? '—')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
