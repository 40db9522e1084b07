'use client';

import { useEffect, useRef } from 'react';

/** [keys, what they do, whether it is a single-key shortcut that the Settings switch turns off]. */
const SHORTCUTS: [string[], string, boolean?][] = [
  [['Ctrl', 'K'], 'Command palette (⌘K on a Mac)'],
  [['n'], 'New task, from any page', true],
  [['/'], 'Search', true],
  [['↓', '↑'], 'Next, previous task (the list is one Tab stop)'],
  [['j', 'k'], 'Next, previous task', true],
  [['→', '←'], 'Move between a task’s buttons'],
  [['Space'], 'Complete or reopen'],
  [['x'], 'Complete or reopen', true],
  [['F2'], 'Rename'],
  [['e'], 'Rename', true],
  [['Enter'], 'Open details'],
  [['Delete'], 'Move to trash'],
  [['Ctrl', 'Z'], 'Undo the last complete, delete or edit (⌘Z on a Mac)'],
  [['F6'], 'Go to the newest notification and back (Esc also goes back)'],
  [['Esc'], 'Close, cancel; from quick add or search, back to the list'],
  [['?'], 'This list, from any page', true],
];

/** Quick add's shorthand: [what one types, what it does]. */
const QUICK_ADD: [string, string][] = [
  ['#tag', 'Adds a tag'],
  ['!high', 'Priority (!high, !medium, !low)'],
  ['+Project', 'Files it in that project (case, spaces and hyphens do not matter: +home-office)'],
  ['/Section', 'Puts it in that section of the project (or of the Inbox)'],
  ['tomorrow 9am', 'Due date and time, in words'],
  ['every monday', 'Repeats (every day, week, month or weekday)'],
];

interface Props {
  open: boolean;
  /** Whether single-key shortcuts are on (Settings); when off, those are listed as off. */
  singleKeys?: boolean;
  onClose: () => void;
}

export function ShortcutsDialog({ open, singleKeys = true, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id="shortcuts-title" className="mb-4 text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <p className="mb-4 text-sm text-muted">
        {singleKeys
          ? 'Single-key shortcuts (marked ●) can be turned off in Settings.'
          : 'Single-key shortcuts (marked ●) are off; turn them on in Settings.'}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, label, single]) => (
          <div
            key={keys.join('+')}
            className={`contents ${single && !singleKeys ? 'text-muted line-through' : ''}`}
          >
            <dt className="flex gap-1">
              {keys.map((k) => (
                <kbd
                  key={k}
                  className="rounded-md border border-border bg-surface-2 px-2 py-0.5 font-mono text-xs"
                >
                  {k}
                </kbd>
              ))}
            </dt>
            <dd className="text-muted">
              {label}
              {single ? (
                <>
                  {' '}
                  <span aria-hidden="true">●</span>
                  <span className="sr-only">{singleKeys ? '(single key)' : '(single key, turned off)'}</span>
                </>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-6 mb-3 font-semibold">In quick add</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {QUICK_ADD.map(([typed, label]) => (
          <div key={typed} className="contents">
            <dt>
              <code className="rounded-md border border-border bg-surface-2 px-2 py-0.5 font-mono text-xs">
                {typed}
              </code>
            </dt>
            <dd className="text-muted">{label}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-sm text-muted">
        Backspace right after a highlighted word turns it back into text.
      </p>
      <form method="dialog" className="mt-6 text-right">
        <button className="btn-primary" autoFocus>
          Got it
        </button>
      </form>
    </dialog>
  );
}
