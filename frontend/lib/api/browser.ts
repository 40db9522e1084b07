'use client';

import { createApiClient, type ApiClient } from '@todo/openapi';

/**
 * The typed client in the browser. It talks to our own origin (/api/v1/* is the gateway route that
 * attaches the session), so no token is ever visible to JavaScript. A 401 means the session could
 * not be renewed: the person is sent to sign in and brought back here afterwards.
 */
let client: ApiClient | null = null;

export function browserApi(): ApiClient {
  if (!client) {
    client = createApiClient(window.location.origin, { credentials: 'same-origin' });
    client.use({
      onResponse({ response }) {
        if (response.status === 401) sessionExpired();
        return response;
      },
    });
  }
  return client;
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
