/**
 * Server-sent event framing (WHATWG HTML §9.2). Every frame is a whole string written at once, so a frame is
 * never split by an interleaved heartbeat.
 */

/** A named event with an id and a JSON payload. JSON.stringify never emits raw newlines, so one `data:` line. */
export function eventFrame(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A named event without an id: the client's Last-Event-ID stays where it was, so a reconnect resumes there. */
export function signalFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Moves the client's Last-Event-ID forward without dispatching an event (empty data is not dispatched). */
export function cursorFrame(id: number): string {
  return `id: ${id}\n\n`;
}

/** How long the browser waits before reconnecting. */
export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** A comment: ignored by clients, keeps proxies from closing an idle stream. */
export function commentFrame(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** Last-Event-ID as sent by EventSource: a non-negative integer; anything else is treated as unknown. */
export function parseLastEventId(raw: string | string[] | undefined): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return undefined;
  return Number(value);
}
