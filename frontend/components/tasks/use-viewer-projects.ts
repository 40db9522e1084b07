'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { viewerProjectIds } from '@/lib/projects/roles';
import { projectsStore } from '@/lib/projects/store';

/** The projects the signed-in person only views, from the list the sidebar loads (kept current by it). */
export function useViewerProjects(): ReadonlySet<string> {
  const projects = useSyncExternalStore(projectsStore.subscribe, projectsStore.snapshot, () => null);
  return useMemo(() => viewerProjectIds(projects), [projects]);
}
