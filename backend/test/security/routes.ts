import type { TestApp } from '../support/test-app.js';
import { documentedRoutes, mountedRoutes } from '../support/conformance.js';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
}

/**
 * The app's own route table (Fastify's), joined with the committed document's security requirements. Routes
 * mounted outside the document (the document itself, /docs, /metrics, /mcp, /llms.txt) are not API operations.
 */
export function apiRoutes(
  sut: TestApp,
  document: { paths: Record<string, Record<string, { security?: unknown[] }>> },
) {
  const mounted = mountedRoutes(
    sut.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }),
  ).filter((route) => route.split(' ')[1]!.startsWith('/api/v1/'));
  const documented = new Set(documentedRoutes(document as never));
  const routes: RouteInfo[] = mounted.map((route) => {
    const [method, path] = route.split(' ') as [string, string];
    const security = document.paths[path]?.[method.toLowerCase()]?.security;
    return { method, path, isPublic: Array.isArray(security) && security.length === 0 };
  });
  return { routes, undocumented: mounted.filter((route) => !documented.has(route)) };
}

/** A concrete URL for a route template, with `{id}` (and any other named parameter given) filled in. */
export const urlOf = (path: string, id: string, params: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (whole, name: string) => (name === 'id' ? id : (params[name] ?? whole)));

/** A body the route would accept from its owner, so the token is the only thing wrong. */
export function validBody(method: string, path: string): Record<string, unknown> | undefined {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path === '/api/v1/tasks') return { title: 'probe' };
  if (path === '/api/v1/tasks/quick') return { text: 'probe tomorrow #probe' };
  if (path === '/api/v1/tasks/{id}') return { title: 'changed by probe' };
  if (path === '/api/v1/tasks/{id}/comments') return { body: 'probe' };
  if (path === '/api/v1/tokens') return { name: 'probe', scopes: ['tasks:read'] };
  if (path === '/api/v1/import')
    return { version: 1, projects: [{ name: 'probe', tasks: [{ id: 't', title: 'probe' }] }] };
  if (path === '/api/v1/projects' || path === '/api/v1/projects/{id}/sections') return { name: 'probe' };
  if (path === '/api/v1/projects/{id}' || path === '/api/v1/sections/{id}')
    return { name: 'renamed by probe' };
  if (path === '/api/v1/projects/{id}/invitations') return { role: 'viewer' };
  if (path === '/api/v1/projects/{id}/members/{userId}') return { role: 'editor' };
  return {};
}
