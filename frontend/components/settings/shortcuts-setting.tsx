'use client';

import { useId } from 'react';
import { useSingleKeyShortcuts } from '@/components/keyboard/app-keyboard';
import { writeSingleKeyShortcuts } from '@/lib/keyboard/single-key';

/** The switch for single-key shortcuts (WCAG 2.1.4): kept in this browser only. */
export function ShortcutsSetting() {
  const id = useId();
  const on = useSingleKeyShortcuts();
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="mt-8 rounded-2xl border border-border bg-surface p-5"
    >
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        Keyboard
      </h2>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 h-5 w-5 shrink-0 cursor-pointer accent-accent"
          checked={on}
          onChange={(e) => writeSingleKeyShortcuts(e.target.checked)}
          aria-describedby={`${id}-hint`}
        />
        <div>
          <label htmlFor={id} className="cursor-pointer font-medium">
            Single-key shortcuts
          </label>
          <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
            Letters and symbols such as n, /, j, k, x, e and ? act on your tasks. Turn them off if you use
            speech input or tend to press keys by accident. Arrows, Enter, Delete, Esc, F6 and Ctrl/⌘+K keep
            working. This choice is kept in this browser.
          </p>
        </div>
      </div>
    </section>
  );
}
