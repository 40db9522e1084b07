import type { ApiClient, Problem } from '@todo/openapi';
import { browserApi } from './browser';
import { isUnreachable, problemMessage } from './problem';

/** What a failed change says to the person (a toast, or whatever `notify` shows it as). */
export interface Notice {
  message: string;
  tone?: 'info' | 'error' | 'success';
  action?: { label: string; run: () => void };
  timeoutMs?: number;
}

/** The shape of an openapi-fetch answer, whatever the operation. */
export interface ApiAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Refusal {
  error: Partial<Problem> | undefined;
  response: Response;
}

export interface Mutation<T> {
  /** Applies the change locally before the request (optimistic); the returned function undoes it. */
  apply?: () => (() => void) | void;
  send: (api: ApiClient) => Promise<ApiAnswer<T>>;
  /** Error statuses that still mean the change is done (a DELETE of something already gone: 404). */
  doneOn?: readonly number[];
  /**
   * What a refusal says: a prefix such as `Could not save “x”` (the API's reason follows it), or a function for
   * refusals that need more (a 412 refetches and explains); it may return null when it has told the person itself.
   */
  refused: string | ((refusal: Refusal) => Notice | string | null | Promise<Notice | string | null>);
  /**
   * The caller keeps the change for a later retry (an outbox) when the API cannot be reached: the network failed,
   * or the gateway answered 502/503/504. The local change is still rolled back, but nobody is told it failed.
   */
  queueWhenUnreachable?: boolean;
}

export type MutationResult<T> =
  | { ok: true; data: T | undefined; response: Response }
  | { ok: false; refusal: Refusal }
  | { ok: false; refusal?: undefined; offline: true };

export const OFFLINE_MESSAGE =
  'You appear to be offline. Your change was not saved — try again when you are back online.';

export interface MutationDeps {
  notify: (notice: Notice) => void;
  client?: () => Promise<ApiClient>;
}

/**
 * Runs one change against the API the same way everywhere: optimistic apply, request, and on a refusal or a
 * network failure the local change rolled back and the person told why (error tone). Success is the caller's.
 */
export async function runMutation<T>(
  mutation: Mutation<T>,
  { notify, client = browserApi }: MutationDeps,
): Promise<MutationResult<T>> {
  let undo = mutation.apply?.() ?? undefined;
  const rollback = () => {
    undo?.();
    undo = undefined;
  };
  const tell = (notice: Notice | string | null) => {
    if (notice === null) return;
    notify(typeof notice === 'string' ? { tone: 'error', message: notice } : { tone: 'error', ...notice });
  };
  try {
    const { data, error, response } = await mutation.send(await client());
    if (response.ok || mutation.doneOn?.includes(response.status)) return { ok: true, data, response };
    rollback();
    if (mutation.queueWhenUnreachable && isUnreachable(response.status)) return { ok: false, offline: true };
    const refusal: Refusal = { error: error as Partial<Problem> | undefined, response };
    tell(
      typeof mutation.refused === 'string'
        ? `${mutation.refused}: ${problemMessage(refusal.error)}`
        : await mutation.refused(refusal),
    );
    return { ok: false, refusal };
  } catch {
    rollback();
    if (!mutation.queueWhenUnreachable) tell(OFFLINE_MESSAGE);
    return { ok: false, offline: true };
  }
}
