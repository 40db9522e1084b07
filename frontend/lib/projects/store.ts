'use client';

import type { Schemas } from '@todo/openapi';
import { browserApi } from '../api/browser';

export type Project = Schemas['Project'];
export type ProjectColor = NonNullable<Project['color']>;

export const PROJECT_COLORS: ProjectColor[] = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'violet',
  'pink',
  'grey',
];

/** Literal class names (Tailwind finds them in the source) for a project's colour dot. */
export const COLOR_DOT: Record<ProjectColor | 'none', string> = {
  red: 'bg-red-500',
  orange: 'bg-orange-500',
  yellow: 'bg-yellow-400',
  green: 'bg-green-600',
  teal: 'bg-teal-500',
  blue: 'bg-blue-600',
  violet: 'bg-violet-600',
  pink: 'bg-pink-500',
  grey: 'bg-gray-500',
  none: 'border border-muted',
};

type Listener = () => void;

/**
 * The person's projects as the sidebar, the project page and quick add see them: one list per tab, seeded by the
 * server's render and refreshed from the API after a change (open counts move with every task change).
 */
class ProjectsStore {
  private projects: Project[] | null = null;
  private listeners = new Set<Listener>();
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.projects;

  seed(projects: Project[] | null) {
    // Told to listeners too: a list that subscribed before the sidebar's effect ran reads it now.
    if (this.projects === null && projects) this.set(projects);
  }

  set(projects: Project[]) {
    this.projects = projects;
    for (const listener of this.listeners) listener();
  }

  /**
   * Reads every page of the list again. A call made while a read runs (it may have started before the change) reads
   * once more after it; calls made meanwhile share that second read.
   */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(() => {
        this.queued = null;
        return this.refresh();
      });
      return this.queued;
    }
    this.inFlight = (async () => {
      try {
        const api = await browserApi();
        const all: Project[] = [];
        let cursor: string | undefined;
        do {
          const { data } = await api.GET('/api/v1/projects', {
            params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          });
          if (!data) return;
          all.push(...data.items);
          cursor = data.nextCursor ?? undefined;
        } while (cursor);
        this.set(all);
      } catch {
        // Offline: the list keeps what it showed.
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}

export const projectsStore = new ProjectsStore();

/** A project's sections, read when quick add names one. */
export async function sectionsOf(projectId: string): Promise<{ id: string; name: string }[]> {
  const api = await browserApi();
  const { data } = await api.GET('/api/v1/projects/{id}/sections', { params: { path: { id: projectId } } });
  return data?.items ?? [];
}

/** The projects as last read, reading them first when this tab has not yet. */
export async function currentProjects(): Promise<Project[]> {
  if (!projectsStore.snapshot()) await projectsStore.refresh();
  return projectsStore.snapshot() ?? [];
}
