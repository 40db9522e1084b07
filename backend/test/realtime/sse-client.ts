import { request } from 'node:http';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: {
    type: string;
    taskId?: string;
    projectId?: string;
    task?: { id: string; title: string; projectId?: string } | null;
    reason?: string;
    project?: { id: string; name: string; role: string };
    member?: { userId: string; name: string; role: string };
    userId?: string;
    commentId?: string;
  };
}

export interface SseStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Problem body when the status is not 200. */
  body: string;
  events: SseEvent[];
  comments: string[];
  retry: number | undefined;
  /** What an EventSource would send as Last-Event-ID on reconnect. */
  lastEventId: string;
  ended: Promise<void>;
  waitFor(count: number, what?: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** A minimal EventSource over node:http, following the WHATWG parsing rules the tests rely on. */
export function openStream(
  url: string,
  headers: Record<string, string>,
  options: { agent?: false } = {},
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers }, agent: options.agent });
    req.on('error', reject);
    req.on('response', (res) => {
      let buffer = '';
      let endResolve!: () => void;
      const waiters = new Set<() => void>();
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: '',
        events: [],
        comments: [],
        retry: undefined,
        lastEventId: '',
        ended: new Promise<void>((r) => (endResolve = r)),
        waitFor(count, what = () => true, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const matching = stream.events.filter(what);
              if (matching.length >= count) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(matching);
                return true;
              }
              return false;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(`waited ${timeoutMs} ms for ${count} events; got ${JSON.stringify(stream.events)}`),
              );
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
        close() {
          req.destroy();
        },
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (stream.status !== 200) {
          stream.body += chunk;
          return;
        }
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          parseFrame(stream, buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        for (const waiter of [...waiters]) waiter();
      });
      res.on('close', () => endResolve());
      res.on('error', () => endResolve());
      if (stream.status !== 200) res.on('end', () => resolve(stream));
      else resolve(stream);
    });
    req.end();
  });
}

function parseFrame(stream: SseStream, frame: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) stream.lastEventId = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else if (line.startsWith('retry: ')) stream.retry = Number(line.slice(7));
  }
  if (data.length === 0) return;
  stream.events.push({
    id: stream.lastEventId,
    event,
    data: JSON.parse(data.join('\n')) as SseEvent['data'],
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (for counters that settle after sockets close). */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
