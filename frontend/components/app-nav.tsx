'use client';

import Link from 'next/link';
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
            className={`btn min-h-11 px-3 ${active ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg'}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
