'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Icon } from '@/components/ui/icons';
import { useProjectList } from '@/lib/projects/initial-projects';
import { COLOR_DOT, projectsStore, type Project } from '@/lib/projects/store';
import { subscribeLive } from '@/lib/tasks/live-hub';

// The editor (create, rename, colour, reorder, delete) loads when someone opens it: not in any page's first load.
const ProjectDialog = lazy(() => import('./project-dialog'));

export type DialogTarget = { mode: 'create' } | { mode: 'edit'; project: Project };

/** How long the open counts wait after a live event, so a burst (a project's tasks trashed at once) is one read. */
const COUNTS_AFTER_MS = 250;

/**
 * Keeps the open counts current with changes made anywhere (other tabs, browsers, agents): after live events, the
 * project list is read again. Uses the tab's one stream; mount it once (the sidebar, not the drawer).
 */
export function useLiveProjectCounts() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void projectsStore.refresh();
      }, COUNTS_AFTER_MS);
    };
    const stop = subscribeLive({ onEvent: (e) => e.type !== 'comment.created' && later(), onResync: later });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/** A project's open-task count; said as "(3 open)" after its name. */
export function OpenCount({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span className="ml-auto text-xs text-muted tabular-nums" data-testid="open-count">
      <span aria-hidden="true">{count}</span>
      <span className="sr-only"> ({count} open)</span>
    </span>
  );
}

/** The projects after the Inbox, each with its open-task count and an edit button, and "Add project". */
export function ProjectsNav({ initial, onNavigate }: { initial: Project[] | null; onNavigate?: () => void }) {
  const projects = useProjectList(initial);
  const pathname = usePathname();
  const [target, setTarget] = useState<DialogTarget | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  // Open counts change with every task change anywhere: read the list again after each navigation.
  useEffect(() => {
    void projectsStore.refresh();
  }, [pathname]);

  const open = (next: DialogTarget, from: HTMLElement) => {
    opener.current = from;
    setTarget(next);
  };
  const addButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setTarget(null);
    // A deleted project's button is gone with it: focus goes to "Add project" then.
    (opener.current?.isConnected ? opener.current : addButton.current)?.focus();
  };
  const list = (projects ?? []).filter((p) => !p.isInbox);

  return (
    <section aria-labelledby="projects-heading" className="mt-4 flex flex-col gap-1">
      <div className="flex items-center justify-between pl-3">
        <h2 id="projects-heading" className="text-xs font-semibold tracking-wide text-muted uppercase">
          Projects
        </h2>
        <button
          ref={addButton}
          type="button"
          className="btn-ghost min-h-11 min-w-11 px-2"
          aria-label="Add project"
          onClick={(e) => open({ mode: 'create' }, e.currentTarget)}
        >
          <Icon name="plus" />
        </button>
      </div>
      <ul className="flex flex-col gap-1" data-testid="project-list">
        {list.map((project) => {
          const current = pathname === `/projects/${project.id}`;
          return (
            <li key={project.id} className="group flex items-center">
              <Link
                href={`/projects/${project.id}`}
                onClick={onNavigate}
                aria-current={current ? 'page' : undefined}
                className={`btn min-h-11 min-w-0 flex-1 justify-start gap-3 px-3 ${current ? 'bg-surface-2 font-semibold text-fg' : 'text-muted hover:text-fg'}`}
              >
                <span
                  aria-hidden="true"
                  className={`h-3 w-3 shrink-0 rounded-full ${COLOR_DOT[project.color ?? 'none']}`}
                />
                <span className="truncate">{project.name}</span>
                <OpenCount count={project.openTaskCount} />
              </Link>
              <button
                type="button"
                className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
                aria-label={`Edit project ${project.name}`}
                onClick={(e) => open({ mode: 'edit', project }, e.currentTarget)}
              >
                <Icon name="pencil" className="h-4 w-4" />
              </button>
            </li>
          );
        })}
      </ul>
      {target ? (
        <Suspense fallback={null}>
          <ProjectDialog target={target} projects={list} onClose={close} />
        </Suspense>
      ) : null}
    </section>
  );
}
