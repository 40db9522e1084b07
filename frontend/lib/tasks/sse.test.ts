import { describe, expect, it, vi } from 'vitest';
import { connectLive, createSseParser, reconnectDelay, toTaskEvent, type SseMessage } from './sse';

describe('createSseParser', () => {
  it('parses events split across chunks, multi-line data, ids and comments', () => {
    const got: SseMessage[] = [];
    const feed = createSseParser((m) => got.push(m));
    feed(': keep-alive\n\nevent: task.updated\nid: 7\nda');
    feed('ta: {"a":1,\r\ndata: "b":2}\r\n\r\nretry: 5000\ndata:x\n\n');
    expect(got).toEqual([
      { event: 'task.updated', data: '{"a":1,\n"b":2}', id: '7' },
      { event: 'message', data: 'x', id: '7', retry: 5000 },
    ]);
  });
});

describe('toTaskEvent', () => {
  it('reads the type from the event name or the payload', () => {
    expect(toTaskEvent({ event: 'task.deleted', data: '{"taskId":"t1"}' })).toEqual({
      type: 'task.deleted',
      taskId: 't1',
    });
    expect(
      toTaskEvent({ event: 'message', data: '{"type":"task.created","task":{"id":"t2"}}' }),
    ).toMatchObject({ type: 'task.created', taskId: 't2' });
    expect(toTaskEvent({ event: 'reset', data: '' })).toEqual({ type: 'reset' });
  });
  it('passes project and member events on with their project, and comment events with their task', () => {
    expect(toTaskEvent({ event: 'member.removed', data: '{"projectId":"p1","userId":"u1"}' })).toEqual({
      type: 'member.removed',
      projectId: 'p1',
    });
    expect(toTaskEvent({ event: 'project.deleted', data: '{}' })).toBeNull();
    expect(
      toTaskEvent({ event: 'comment.created', data: '{"projectId":"p1","taskId":"t1","commentId":"c1"}' }),
    ).toEqual({ type: 'comment.created', projectId: 'p1', taskId: 't1', commentId: 'c1' });
    expect(toTaskEvent({ event: 'comment.created', data: '{"projectId":"p1"}' })).toBeNull();
    expect(toTaskEvent({ event: 'task.updated', data: '{"projectId":"p1","taskId":"t1"}' })).toEqual({
      type: 'task.updated',
      projectId: 'p1',
      taskId: 't1',
    });
  });
  it('ignores unknown or broken messages', () => {
    expect(toTaskEvent({ event: 'task.exploded', data: '{"taskId":"x"}' })).toBeNull();
    expect(toTaskEvent({ event: 'task.updated', data: '{nope' })).toBeNull();
    expect(toTaskEvent({ event: 'task.updated', data: '{}' })).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('backs off to 30 s and waits a minute for a missing route', () => {
    expect(reconnectDelay(0)).toBeLessThanOrEqual(1200);
    expect(reconnectDelay(10)).toBeLessThanOrEqual(36_000);
    expect(reconnectDelay(0, 404)).toBe(60_000);
  });
});

/** A stream of `chunks` that then ends, or with `open`, stays open. */
function streamResponse(chunks: string[], { open = false } = {}) {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
      if (!open) c.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** connectLive with everything it reports kept for the assertions. */
function connectRecording(fetchImpl: typeof fetch) {
  const events: unknown[] = [];
  const onResync = vi.fn();
  const statuses: string[] = [];
  const stop = connectLive({
    url: '/e',
    fetchImpl,
    onEvent: (e) => events.push(e),
    onResync,
    onStatus: (s) => statuses.push(s),
  });
  return { events, onResync, statuses, stop };
}

describe('connectLive', () => {
  it('delivers events, reconnects after a drop and asks for a resync', async () => {
    vi.useFakeTimers();
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(streamResponse(['event: task.deleted\ndata: {"taskId":"a"}\n\n']))
      .mockResolvedValue(streamResponse([]));
    const { events, onResync, statuses, stop } = connectRecording(fetchImpl);
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([{ type: 'task.deleted', taskId: 'a' }]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(onResync).toHaveBeenCalled();
    expect(statuses).toContain('live');
    stop();
    vi.useRealTimers();
  });
  it('reconnects at once with Last-Event-ID after a planned end, without leaving "live" or refetching', async () => {
    vi.useFakeTimers();
    const endsAfterTwoSeconds = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('retry: 3000\n\nid: 5\n\n'));
        setTimeout(() => {
          c.enqueue(
            new TextEncoder().encode(
              'event: reauthenticate\ndata: {"type":"reauthenticate","reason":"expired"}\n\n',
            ),
          );
          c.close();
        }, 2000);
      },
    });
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(
        new Response(endsAfterTwoSeconds, { headers: { 'content-type': 'text/event-stream' } }),
      )
      .mockResolvedValueOnce(
        streamResponse(['id: 6\nevent: task.deleted\ndata: {"taskId":"a"}\n\n'], { open: true }),
      );
    const { events, onResync, statuses, stop } = connectRecording(fetchImpl);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    const resumed = fetchImpl.mock.calls[1]![1]!.headers as Record<string, string>;
    expect(resumed['Last-Event-ID']).toBe('5');
    expect(events).toEqual([{ type: 'task.deleted', taskId: 'a' }]);
    expect(statuses).toEqual(['connecting', 'live']);
    expect(onResync).not.toHaveBeenCalled();
    stop();
    vi.useRealTimers();
  });
  it('treats 404 as "not available yet" and 401 as the end of the session', async () => {
    vi.useFakeTimers();
    const statuses: string[] = [];
    const f404 = vi.fn<typeof fetch>().mockResolvedValue(new Response('{}', { status: 404 }));
    const stop = connectLive({
      url: '/e',
      fetchImpl: f404,
      onEvent: () => {},
      onResync: () => {},
      onStatus: (s) => statuses.push(s),
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses).toContain('unavailable');
    expect(f404).toHaveBeenCalledTimes(1);
    stop();
    const f401 = vi.fn<typeof fetch>().mockResolvedValue(new Response('{}', { status: 401 }));
    const s2: string[] = [];
    connectLive({
      url: '/e',
      fetchImpl: f401,
      onEvent: () => {},
      onResync: () => {},
      onStatus: (s) => s2.push(s),
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(s2.at(-1)).toBe('unauthorised');
    expect(f401).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
