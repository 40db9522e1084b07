'use client';

import { useEffect, useRef } from 'react';

const SHORTCUTS: [string[], string][] = [
  [['n'], 'New task'],
  [['/'], 'Search'],
  [['j', '↓'], 'Next task'],
  [['k', '↑'], 'Previous task'],
  [['x'], 'Complete or reopen'],
  [['e'], 'Rename'],
  [['Enter'], 'Open details'],
  [['Delete'], 'Move to trash'],
  [['Ctrl', 'Z'], 'Undo the last complete, delete or edit (⌘Z on a Mac)'],
  [['Esc'], 'Close, cancel'],
  [['?'], 'This list'],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, label]) => (
          <div key={label} className="contents">
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
            <dd className="text-muted">{label}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-6 text-right">
        <button className="btn-primary" autoFocus>
          Got it
        </button>
      </form>
    </dialog>
  );
}
