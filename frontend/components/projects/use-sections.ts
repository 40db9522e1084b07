'use client';

import { useCallback, useState } from 'react';
import { useMutation } from '@/components/use-mutation';
import { browserApi } from '@/lib/api/browser';
import type { Section } from '@/lib/projects/tree';

/** A project's sections: add, rename, delete (its tasks stay, outside any section). */
export function useSections(projectId: string, initial: Section[]) {
  const [sections, setSections] = useState(initial);
  const run = useMutation();

  const add = useCallback(
    async (name: string) => {
      const result = await run({
        send: (api) =>
          api.POST('/api/v1/projects/{id}/sections', { params: { path: { id: projectId } }, body: { name } }),
        refused: `Could not add the section “${name}”`,
      });
      if (result.ok && result.data) setSections((all) => [...all, result.data!]);
      return result.ok;
    },
    [projectId, run],
  );

  const rename = useCallback(
    async (section: Section, name: string) => {
      const result = await run({
        apply: () => {
          setSections((all) => all.map((s) => (s.id === section.id ? { ...s, name } : s)));
          return () => setSections((all) => all.map((s) => (s.id === section.id ? section : s)));
        },
        send: (api) =>
          api.PATCH('/api/v1/sections/{id}', { params: { path: { id: section.id } }, body: { name } }),
        refused: `Could not rename “${section.name}”`,
      });
      return result.ok;
    },
    [run],
  );

  const remove = useCallback(
    async (section: Section) => {
      const result = await run({
        apply: () => {
          setSections((all) => all.filter((s) => s.id !== section.id));
          return () => setSections((all) => [...all, section]);
        },
        send: (api) => api.DELETE('/api/v1/sections/{id}', { params: { path: { id: section.id } } }),
        doneOn: [404],
        refused: `Could not delete “${section.name}”`,
      });
      return result.ok;
    },
    [run],
  );

  /** Reads the sections again (one made in another tab: the API sends no event for sections). */
  const refresh = useCallback(async () => {
    try {
      const api = await browserApi();
      const { data } = await api.GET('/api/v1/projects/{id}/sections', {
        params: { path: { id: projectId } },
      });
      if (data) setSections(data.items);
    } catch {
      // Offline: keep what is shown.
    }
  }, [projectId]);

  return { sections, add, rename, remove, refresh };
}
