'use client';

import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/tasks', label: 'Tasks' },
  { href: '/trash', label: 'Trash' },
  { href: '/settings', label: 'Settings' },
];

export function AppNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map((l) => {
        const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? 'page' : undefined}
            className={`btn relative min-h-11 px-3 ${active ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg'}`}
          >
            {l.label}
            <Pending />
          </Link>
        );
      })}
    </nav>
  );
}

/**
 * Feedback while a navigation waits for the server. The board has no route-level loading skeleton on
 * purpose: its tasks are part of the first HTML (a streamed skeleton delayed the largest paint by a
 * reveal round), so a click in the nav shows this instead.
 */
function Pending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden="true"
      className={`absolute bottom-1 left-1/2 h-1 w-1 -translate-x-1/2 rounded-full bg-accent transition-opacity ${pending ? 'animate-pulse opacity-100' : 'opacity-0'}`}
    />
  );
}
