'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Icon, type IconName } from '@/components/ui/icons';
import { OpenCount, ProjectsNav, useLiveProjectCounts } from '@/components/projects/projects-nav';
import { useProjectList } from '@/lib/projects/initial-projects';
import type { Project } from '@/lib/projects/store';

const VIEWS: { view: string; href: string; label: string; icon: IconName }[] = [
  { view: 'inbox', href: '/tasks', label: 'Everything', icon: 'notes' },
  { view: 'today', href: '/tasks?view=today', label: 'Today', icon: 'today' },
  { view: 'upcoming', href: '/tasks?view=upcoming', label: 'Upcoming', icon: 'upcoming' },
  { view: 'assigned', href: '/tasks?view=assigned', label: 'Assigned to me', icon: 'user' },
];

const linkClass = (current: boolean) =>
  `btn min-h-11 justify-start gap-3 px-3 ${current ? 'bg-surface-2 font-semibold text-fg' : 'text-muted hover:text-fg'}`;

/**
 * The Inbox (the project tasks land in without one, with its open count: the label, the count and the page agree),
 * then the board's views over every project (all tasks, Today, Upcoming), the current one marked; then the projects.
 */
function ViewLinks({ onNavigate, projects }: { onNavigate?: () => void; projects: Project[] | null }) {
  const pathname = usePathname();
  const inbox = useProjectList(projects)?.find((p) => p.isInbox);
  const params = useSearchParams();
  const onBoard = pathname === '/tasks' || pathname.startsWith('/tasks/');
  const current = onBoard ? (params.get('view') ?? 'inbox') : null;
  const inboxHref = inbox ? `/projects/${inbox.id}` : null;
  return (
    <nav aria-label="Views" className="flex flex-col gap-1">
      {inboxHref && inbox ? (
        <Link
          href={inboxHref}
          onClick={onNavigate}
          aria-current={pathname === inboxHref ? 'page' : undefined}
          className={linkClass(pathname === inboxHref)}
        >
          <Icon name="inbox" className="h-5 w-5" />
          Inbox
          <OpenCount count={inbox.openTaskCount} />
        </Link>
      ) : null}
      {VIEWS.map((v) => (
        <Link
          key={v.view}
          href={v.href}
          onClick={onNavigate}
          aria-current={current === v.view ? 'page' : undefined}
          className={linkClass(current === v.view)}
        >
          <Icon name={v.icon} className="h-5 w-5" />
          {v.label}
        </Link>
      ))}
      <ProjectsNav initial={projects} onNavigate={onNavigate} />
    </nav>
  );
}

/** The sidebar beside the page on wide screens. */
export function AppSidebar({ projects }: { projects: Project[] | null }) {
  useLiveProjectCounts();
  return (
    <aside className="sticky top-16 hidden h-[calc(100dvh-4rem)] w-56 shrink-0 overflow-y-auto py-6 pl-4 lg:block">
      <ViewLinks projects={projects} />
    </aside>
  );
}

/** On narrower screens the sidebar is a drawer behind a Menu button: modal, Tab stays in it, Esc closes it. */
export function MenuDrawer({ projects }: { projects: Project[] | null }) {
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = () => setOpen(false);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="btn-ghost min-h-11 min-w-11 px-2 lg:hidden"
        aria-label="Menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <Icon name="menu" />
      </button>
      <dialog
        ref={dialogRef}
        aria-label="Menu"
        className="fixed inset-y-0 left-0 m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-border bg-surface p-0 text-fg backdrop:bg-black/50"
        onClose={() => {
          setOpen(false);
          buttonRef.current?.focus();
        }}
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (e.target === e.currentTarget) close();
        }}
        onKeyDown={(e) => trapTab(e, e.currentTarget)}
      >
        {open ? (
          <div className="flex h-full flex-col gap-4 p-4">
            <div className="flex items-center justify-between">
              <span className="font-semibold">Todo</span>
              <button
                type="button"
                className="btn-ghost min-h-11 min-w-11 px-2"
                aria-label="Close menu"
                onClick={close}
              >
                <Icon name="x" />
              </button>
            </div>
            <ViewLinks onNavigate={close} projects={projects} />
          </div>
        ) : null}
      </dialog>
    </>
  );
}

/** Keeps Tab and Shift+Tab inside the drawer: from its last control to its first and back. */
function trapTab(e: React.KeyboardEvent, container: HTMLElement) {
  if (e.key !== 'Tab') return;
  const controls = [...container.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')];
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
