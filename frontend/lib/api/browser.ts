'use client';

import type { ApiClient } from '@todo/openapi';

/**
 * The typed client in the browser. It talks to our own origin (/api/v1/* is the gateway route that
 * attaches the session), so no token is ever visible to JavaScript. A 401 means the session could
 * not be renewed: the person is sent to sign in and brought back here afterwards.
 *
 * Loaded on first use (a dynamic import): pages render from server data, so the client code is not part
 * of their first load. `preloadBrowserApi()` fetches it right after hydration, before the first click.
 */
let client: Promise<ApiClient> | null = null;

export function browserApi(): Promise<ApiClient> {
  client ??= import('@todo/openapi').then(({ createApiClient }) => {
    const api = createApiClient(window.location.origin, { credentials: 'same-origin' });
    api.use({
      onResponse({ response }) {
        if (response.status === 401) sessionExpired();
        return response;
      },
    });
    return api;
  });
  client.catch(() => {
    client = null; // a failed chunk load (offline) is retried on the next call
  });
  return client;
}

/** Starts loading the client (call after hydration): the first change then never waits for the download. */
export function preloadBrowserApi(): void {
  void browserApi().catch(() => undefined);
}

export function sessionExpired() {
  const next = window.location.pathname + window.location.search;
  // A full navigation on purpose: it drops every piece of client state from the ended session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?expired=1&next=${encodeURIComponent(next)}`);
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
