'use client';

import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { projectsStore, type Project } from './store';

// The project list the app layout rendered with (per request on the server; the store is per tab in the browser).
const LayoutProjects = createContext<Project[] | null>(null);

export function LayoutProjectsProvider({
  projects,
  children,
}: {
  projects: Project[] | null;
  children: ReactNode;
}) {
  return <LayoutProjects.Provider value={projects}>{children}</LayoutProjects.Provider>;
}

/**
 * The person's projects: the browser's own list once it has one, the server's list until then, which is also what
 * the server render and hydration see (so what depends on roles is right in the first HTML, not after an effect).
 */
export function useProjectList(initial: Project[] | null): Project[] | null {
  useEffect(() => projectsStore.seed(initial), [initial]);
  return useSyncExternalStore(
    projectsStore.subscribe,
    () => projectsStore.snapshot() ?? initial,
    () => initial,
  );
}

/** The same list for a page under the app layout, starting from the list the layout rendered with. */
export function useLayoutProjects(): Project[] | null {
  return useProjectList(useContext(LayoutProjects));
}
