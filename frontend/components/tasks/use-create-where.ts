'use client';

import { useCallback } from 'react';
import { useToasts } from '@/components/ui/toaster';
import type { QuickAddPlace, QuickAddTask } from '@/lib/tasks/quick-add';

type Create = (input: QuickAddTask & { projectId?: string; sectionId?: string }) => Promise<boolean>;

/**
 * Quick add's `+Project` and `/Section` resolved to ids among the person's projects before the task is created;
 * a name that matches nothing is said in a toast and the typed text stays. The resolver loads only when used.
 */
export function useCreateWhere(create: Create) {
  const toasts = useToasts();
  return useCallback(
    async (task: QuickAddTask, place: QuickAddPlace) => {
      if (place.project === null && place.section === null) return create(task);
      const [{ resolvePlace }, { currentProjects, sectionsOf }] = await Promise.all([
        import('@/lib/projects/resolve-place'),
        import('@/lib/projects/store'),
      ]);
      const where = await resolvePlace(place, await currentProjects(), sectionsOf).catch(() => ({
        ok: false as const,
        message: 'Could not read your projects: try again in a moment.',
      }));
      if (!where.ok) {
        toasts.show({ tone: 'error', message: where.message });
        return false;
      }
      const { ok: _ok, ...ids } = where;
      return create({ ...task, ...ids });
    },
    [create, toasts],
  );
}
