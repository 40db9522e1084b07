'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { filterCommands, moveActive, type Command } from '@/lib/keyboard/commands';

interface Props {
  commands: Command[];
  /** Called once the palette has closed: with the chosen command, or with nothing (Esc, a click outside). */
  onClose: (chosen?: Command) => void;
}

/**
 * Ctrl/Cmd+K: a modal dialog with a combobox over a listbox of commands (the ARIA combobox pattern with
 * aria-activedescendant: focus stays in the text field while the arrows move the active option).
 */
export function CommandPalette({ commands, onClose }: Props) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const chosen = useRef<Command | undefined>(undefined);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = filterCommands(commands, query);
  const current = shown[Math.min(active, shown.length - 1)];
  const optionId = (c: Command) => `${id}-option-${c.id}`;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const choose = (c: Command) => {
    chosen.current = c;
    ref.current?.close();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onClose={() => onClose(chosen.current)}
      onClick={(e) => {
        if (e.target === e.currentTarget) ref.current?.close();
      }}
      className="mx-auto mt-[12vh] w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-2 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id={`${id}-title`} className="sr-only">
        Command palette
      </h2>
      <input
        role="combobox"
        aria-label="Type a command"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        className="field h-12 text-base"
        placeholder="Type a command…"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => moveActive(Math.min(a, shown.length - 1), shown.length, e.key));
          } else if (e.key === 'Enter' && current) {
            e.preventDefault();
            choose(current);
          }
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Commands" className="mt-2 max-h-80 overflow-y-auto">
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={optionId(c)}
            role="option"
            aria-selected={c === current}
            onClick={() => choose(c)}
            onPointerMove={() => setActive(i)}
            className={`flex min-h-11 cursor-pointer items-center justify-between gap-3 rounded-lg px-3 text-sm ${
              c === current ? 'bg-accent-soft text-fg' : 'text-fg'
            }`}
          >
            <span>{c.label}</span>
            {c.keys ? (
              <span className="flex gap-1">
                {c.keys.map((k) => (
                  <kbd
                    key={k}
                    className="rounded-md border border-border bg-surface-2 px-2 py-0.5 font-mono text-xs"
                  >
                    {k}
                  </kbd>
                ))}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p role="status" className={shown.length ? 'sr-only' : 'px-3 py-3 text-sm text-muted'}>
        {shown.length ? '' : `No command matches “${query}”.`}
      </p>
    </dialog>
  );
}
