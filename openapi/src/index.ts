import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type Task = Schemas['Task'];
export type TaskPage = Schemas['TaskPage'];
export type Problem = Schemas['Problem'];
export type User = Schemas['User'];
export type AuthTokens = Schemas['AuthTokens'];

/** The typed client: every path, parameter and body checked against the committed OpenAPI document. */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}) {
  return createClient<paths>({ baseUrl, ...options });
}

export type ApiClient = ReturnType<typeof createApiClient>;
