/**
 * A small text/event-stream parser (the WHATWG rules: `event:`, `data:` (joined by newlines), `id:`,
 * `retry:`, comments, blank line dispatches). We read the stream with fetch rather than EventSource
 * so that we see status codes: a 404 (stream not deployed) or 401 (session over) is not a blip to
 * retry every 3 seconds.
 */
import type { components, Task } from '@todo/openapi';

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

export function createSseParser(onMessage: (m: SseMessage) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;

  const dispatch = () => {
    if (data.length || event) {
      onMessage({
        event: event || 'message',
        data: data.join('\n'),
        ...(id !== undefined ? { id } : {}),
        ...(retry !== undefined ? { retry } : {}),
      });
    }
    event = '';
    data = [];
    retry = undefined;
  };

  return (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? 2 : 1));
      if (line === '') {
        dispatch();
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id' && !value.includes('\0')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
  };
}

/** Reconnect delay: quick at first, then backing off to 30 s; a missing route is only re-tried each minute. */
export function reconnectDelay(attempt: number, status?: number): number {
  if (status === 404 || status === 501) return 60_000;
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

type WireEvent = components['schemas']['TaskEvent'];

/** Events about a project's membership or itself: boards read again, the sidebar refreshes its list. */
export type ProjectEvent = {
  type: 'project.updated' | 'project.deleted' | 'member.added' | 'member.removed';
  projectId: string;
};
const PROJECT_EVENTS: ReadonlySet<string> = new Set<ProjectEvent['type']>([
  'project.updated',
  'project.deleted',
  'member.added',
  'member.removed',
]);

/**
 * The wire shape comes from the OpenAPI `TaskEvent` schema; a null task (trashed since) is dropped. Task events
 * carry `taskId`; project events `projectId` and no `taskId`.
 */
export type TaskEvent =
  | (Pick<WireEvent, 'taskId' | 'projectId'> & {
      type: 'task.created' | 'task.updated' | 'task.deleted' | 'task.restored' | 'reset';
      task?: Task;
    })
  | (ProjectEvent & { taskId?: undefined; task?: undefined })
  | CommentEvent;

/** A new comment on a task: an open thread reads itself again; boards and lists change nothing. */
export interface CommentEvent {
  type: 'comment.created';
  projectId: string;
  taskId: string;
  commentId?: string;
  task?: undefined;
}

export const isCommentEvent = (e: TaskEvent): e is CommentEvent => e.type === 'comment.created';

export const isProjectEvent = (e: TaskEvent): e is ProjectEvent & { taskId?: undefined } =>
  PROJECT_EVENTS.has(e.type);

/** Turns a message into a task event; unknown or malformed messages are ignored (forward-compatible). */
export function toTaskEvent(m: SseMessage): TaskEvent | null {
  if (m.event === 'reset') return { type: 'reset' };
  let payload: unknown;
  try {
    payload = m.data ? JSON.parse(m.data) : {};
  } catch {
    return null;
  }
  const p = payload as Partial<WireEvent>;
  const type = m.event !== 'message' ? m.event : p.type;
  if (type === 'reset') return { type: 'reset' };
  if (type && PROJECT_EVENTS.has(type))
    return p.projectId ? { type: type as ProjectEvent['type'], projectId: p.projectId } : null;
  if (type === 'comment.created') {
    if (!p.projectId || !p.taskId) return null;
    return {
      type,
      projectId: p.projectId,
      taskId: p.taskId,
      ...(p.commentId ? { commentId: p.commentId } : {}),
    };
  }
  if (
    type !== 'task.created' &&
    type !== 'task.updated' &&
    type !== 'task.deleted' &&
    type !== 'task.restored'
  )
    return null;
  const taskId = p.taskId ?? p.task?.id;
  if (!taskId) return null;
  return {
    type,
    taskId,
    ...(p.projectId ? { projectId: p.projectId } : {}),
    ...(p.task ? { task: p.task } : {}),
  };
}

/**
 * The server ends a stream with `event: reauthenticate` when the credential that opened it expires or is
 * revoked; that planned end reconnects at once, unless streams keep ending this soon after opening.
 */
const PLANNED_END_MIN_LIFETIME_MS = 1000;

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'unavailable' | 'unauthorised';

export interface LiveOptions {
  url: string;
  onEvent: (e: TaskEvent) => void;
  /** Called after every (re)connect: events may have been missed, so the board refetches. */
  onResync: () => void;
  onStatus: (s: LiveStatus) => void;
  fetchImpl?: typeof fetch;
}

export function connectLive({
  url,
  onEvent,
  onResync,
  onStatus,
  fetchImpl = fetch,
}: LiveOptions): () => void {
  let stopped = false;
  let attempt = 0;
  let lastId: string | undefined;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connectedOnce = false;

  const schedule = (status?: number) => {
    if (stopped) return;
    const delay = reconnectDelay(attempt++, status);
    timer = setTimeout(run, delay);
  };

  /** `quiet`: reconnecting after a planned end, so the badge stays "Live" and Last-Event-ID covers the gap. */
  async function run(quiet = false) {
    if (stopped) return;
    if (!quiet) onStatus('connecting');
    controller = new AbortController();
    let res: Response;
    try {
      res = await fetchImpl(url, {
        headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      if (!stopped) {
        onStatus('offline');
        schedule();
      }
      return;
    }
    if (res.status === 401) {
      onStatus('unauthorised');
      return;
    }
    if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
      void res.body?.cancel().catch(() => {});
      onStatus(res.status === 404 || res.status === 501 ? 'unavailable' : 'offline');
      schedule(res.status);
      return;
    }
    attempt = 0;
    if (!quiet) onStatus('live');
    if (connectedOnce && !quiet) onResync();
    connectedOnce = true;
    const openedAt = Date.now();
    let planned = false;
    const parse = createSseParser((m) => {
      if (m.id !== undefined) lastId = m.id;
      if (m.event === 'reauthenticate') planned = true;
      const e = toTaskEvent(m);
      if (e) onEvent(e);
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
    } catch {
      // dropped; fall through to reconnect
    }
    if (stopped) return;
    if (planned) {
      // The gateway renews the session on the way, so the next request carries a fresh credential.
      const settled = Date.now() - openedAt >= PLANNED_END_MIN_LIFETIME_MS;
      if (settled) void run(true);
      else timer = setTimeout(() => void run(true), reconnectDelay(attempt++));
      return;
    }
    onStatus('offline');
    schedule();
  }

  void run();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}
