'use client';

import type { Schemas } from '@todo/openapi';
import { useEffect, useSyncExternalStore } from 'react';
import { browserApi } from '../api/browser';

export type Member = Schemas['Member'];
export type Role = Member['role'];

type Listener = () => void;

/**
 * The members of projects, read once per project and tab when something needs them (an assignee's initials, the
 * assignee picker, the share dialog) and read again after a change made here (`refresh`).
 */
class MembersStore {
  private byProject = new Map<string, Member[]>();
  private reading = new Map<string, Promise<void>>();
  private queued = new Map<string, Promise<void>>();
  private listeners = new Set<Listener>();

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  of = (projectId: string): Member[] | undefined => this.byProject.get(projectId);

  /** Reads the project's members unless they are read or being read. */
  load(projectId: string): Promise<void> {
    if (this.byProject.has(projectId)) return Promise.resolve();
    return this.refresh(projectId);
  }

  /** Shows a change at once (a role, a removal); the returned function puts the list back. */
  change(projectId: string, update: (members: Member[]) => Member[]): () => void {
    const before = this.byProject.get(projectId);
    if (before) this.set(projectId, update(before));
    return () => {
      if (before) this.set(projectId, before);
    };
  }

  /**
   * Reads every page of the project's members again. A call made while a read runs (it may have started before
   * the change) reads once more after it; calls made meanwhile share that second read.
   */
  refresh(projectId: string): Promise<void> {
    const running = this.reading.get(projectId);
    if (running) {
      const again = this.queued.get(projectId);
      if (again) return again;
      const next = running.then(() => {
        this.queued.delete(projectId);
        return this.refresh(projectId);
      });
      this.queued.set(projectId, next);
      return next;
    }
    const read = (async () => {
      try {
        const api = await browserApi();
        const all: Member[] = [];
        let cursor: string | undefined;
        do {
          const { data } = await api.GET('/api/v1/projects/{id}/members', {
            params: { path: { id: projectId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          });
          if (!data) return; // not a member (any more), or the API is away: keep what we had
          all.push(...data.items);
          cursor = data.nextCursor ?? undefined;
        } while (cursor);
        this.set(projectId, all);
      } catch {
        // Offline: initials and the picker wait for the next read.
      } finally {
        this.reading.delete(projectId);
      }
    })();
    this.reading.set(projectId, read);
    return read;
  }

  private set(projectId: string, members: Member[]) {
    this.byProject.set(projectId, members);
    for (const listener of this.listeners) listener();
  }
}

export const membersStore = new MembersStore();

/** A project's members (read on first use); undefined until they arrive, or with no project. */
export function useMembers(projectId: string | null | undefined): Member[] | undefined {
  useEffect(() => {
    if (projectId) void membersStore.load(projectId);
  }, [projectId]);
  return useSyncExternalStore(
    membersStore.subscribe,
    () => (projectId ? membersStore.of(projectId) : undefined),
    () => undefined,
  );
}

/** Up to two letters for an avatar: the first letters of the first and last words of a name (else the email). */
export function initials(name: string, email = ''): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    words.length > 1
      ? `${[...words[0]!][0]}${[...words.at(-1)!][0]}`
      : [...(words[0] ?? email)].slice(0, 1).join('');
  return letters.toLocaleUpperCase() || '?';
}
