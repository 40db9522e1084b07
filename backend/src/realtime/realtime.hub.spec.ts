import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseService } from '../database/database.service.js';
import { RealtimeHub } from './realtime.hub.js';
import { RealtimeMetrics } from './realtime.metrics.js';
import type { StreamCredentialsRepository } from './stream-credentials.repository.js';
import type { TaskEventsRepository } from './task-events.repository.js';

/** A listener that can go deaf, as after a database restart that postgres.js failed to re-LISTEN through. */
function fakeDatabase() {
  const state = { alive: true, listens: 0, handler: undefined as ((payload: string) => void) | undefined };
  const client = {
    kind: 'postgres' as const,
    listen: async (_channel: string, onMessage: (payload: string) => void) => {
      state.listens += 1;
      state.alive = true;
      state.handler = onMessage;
      return async () => undefined;
    },
    notify: async (_channel: string, payload: string) => {
      if (state.alive) state.handler?.(payload);
    },
  };
  return { state, database: { client } as unknown as DatabaseService };
}

function fakeReply() {
  const written: string[] = [];
  const raw = {
    destroyed: false,
    headersSent: false,
    writableLength: 0,
    once: () => raw,
    writeHead: () => ((raw.headersSent = true), raw),
    write: (chunk: string) => written.push(chunk),
    end: () => undefined,
    destroy: () => ((raw.destroyed = true), undefined),
  };
  const reply = { raw, hijack: () => undefined, getHeaders: () => ({}), header: () => reply };
  return { written, reply };
}

function fakeRequest(id: string) {
  return {
    id,
    raw: { headers: { accept: 'text/event-stream' }, rawHeaders: ['Accept', 'text/event-stream'] },
  } as never;
}

function makeSut() {
  const { state, database } = fakeDatabase();
  const config = {
    env: {
      EVENTS_MAX_STREAMS: 10,
      EVENTS_MAX_STREAMS_PER_USER: 2,
      EVENTS_HEARTBEAT_MS: 1000,
      EVENTS_REPLAY_WINDOW_MS: 60_000,
    },
  } as unknown as AppConfig;
  const repository = {
    head: async () => 7,
    projectsOf: async () => ({ projects: [], head: 7 }),
  } as unknown as TaskEventsRepository;
  const adapterHost = { httpAdapter: { getInstance: () => ({ addHook: () => undefined }) } };
  const credentials = { stillValid: async () => new Set<string>() } as unknown as StreamCredentialsRepository;
  const sut = new RealtimeHub(
    config,
    database,
    repository,
    new RealtimeMetrics(),
    adapterHost as never,
    credentials,
  );
  const tick = () => (sut as unknown as { tick(): Promise<void> }).tick();
  return { sut, state, tick };
}

describe(RealtimeHub.name, () => {
  describe('listener watchdog', () => {
    it('keeps the listener while it hears its own ping', async () => {
      const { sut, state, tick } = makeSut();
      const { reply } = fakeReply();
      await sut.open({ userId: 'user-1' }, undefined, fakeRequest('r1'), reply as never);
      await tick();
      await tick();
      await tick();
      expect(state.listens).toBe(1);
      await sut.onApplicationShutdown();
    });

    it('listens again and resets every stream when a ping goes unanswered', async () => {
      const { sut, state, tick } = makeSut();
      const { reply, written } = fakeReply();
      await sut.open({ userId: 'user-1' }, undefined, fakeRequest('r1'), reply as never);
      await tick();
      state.alive = false;
      await tick(); // this ping is lost
      await tick(); // noticed: listen again, reset
      expect(state.listens).toBe(2);
      expect(written.join('')).toContain(
        'event: reset\ndata: {"type":"reset","reason":"listener-restarted"}',
      );
      expect(written.join('')).toContain('id: 7\nevent: reset');
      await sut.onApplicationShutdown();
    });
  });

  describe('admission', () => {
    it('refuses a third stream for one user with 429 and Retry-After', async () => {
      const { sut } = makeSut();
      await sut.open({ userId: 'user-1' }, undefined, fakeRequest('a'), fakeReply().reply as never);
      await sut.open({ userId: 'user-1' }, undefined, fakeRequest('b'), fakeReply().reply as never);
      await expect(
        sut.open({ userId: 'user-1' }, undefined, fakeRequest('c'), fakeReply().reply as never),
      ).rejects.toMatchObject({ status: 429, headers: { 'retry-after': '30' } });
      expect(sut.openStreams).toBe(2);
      await sut.onApplicationShutdown();
      expect(sut.openStreams).toBe(0);
    });
  });
});
