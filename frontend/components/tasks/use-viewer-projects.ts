'use client';

import { useMemo } from 'react';
import { useLayoutProjects } from '@/lib/projects/initial-projects';
import { viewerProjectIds } from '@/lib/projects/roles';

/** The projects the signed-in person only views, from the list the layout rendered with and the sidebar keeps current. */
export function useViewerProjects(): ReadonlySet<string> {
  const projects = useLayoutProjects();
  return useMemo(() => viewerProjectIds(projects), [projects]);
}
