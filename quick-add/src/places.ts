import type { QuickAddPlace } from './quick-add.js';

interface Named {
  id: string;
  name: string;
}

/** "Home office", "home-office", "HomeOffice" and "home_office" are one name to a typed token. */
const squash = (name: string) => name.toLocaleLowerCase().replace(/[\s\-_]+/g, '');

/** The one item a typed name means: the exact (squashed) name, else the only name that starts with it. */
export function pickByName<T extends Named>(items: readonly T[], typed: string): T | undefined {
  const wanted = squash(typed);
  const exact = items.filter((item) => squash(item.name) === wanted);
  if (exact.length) return exact[0];
  const prefixed = items.filter((item) => squash(item.name).startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

export type ResolvedPlace =
  { ok: true; projectId?: string; sectionId?: string } | { ok: false; message: string };

/**
 * Turns quick add's `+Project` and `/Section` into ids among the person's projects and that project's sections
 * (the Inbox's when only a section is typed). Nothing typed: nothing to resolve. The web app's quick add and the
 * API's (`POST /api/v1/tasks/quick`) both resolve with it.
 */
export async function resolvePlace(
  place: QuickAddPlace,
  projects: readonly (Named & { isInbox: boolean })[],
  sectionsOf: (projectId: string) => Promise<readonly Named[]>,
): Promise<ResolvedPlace> {
  if (place.project === null && place.section === null) return { ok: true };
  const project =
    place.project === null ? projects.find((p) => p.isInbox) : pickByName(projects, place.project);
  if (!project) return { ok: false, message: `No project is called “${place.project}”.` };
  if (place.section === null) return { ok: true, projectId: project.id };
  const section = pickByName(await sectionsOf(project.id), place.section);
  if (!section) return { ok: false, message: `${project.name} has no section called “${place.section}”.` };
  return { ok: true, projectId: project.id, sectionId: section.id };
}
