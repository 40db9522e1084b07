'use client';

import { useState } from 'react';
import { parseQuickAdd } from '@/lib/tasks/quick-add';
import { Icon } from '@/components/ui/icons';

interface Props {
  inputRef: React.RefObject<HTMLInputElement | null>;
  /** Resolves to false when the task was not added: the typed text comes back so nothing is lost. */
  onCreate: (task: ReturnType<typeof parseQuickAdd>) => Promise<boolean>;
}

/** The always-visible "add a task" field with its shorthand (#tag, !high). */
export function QuickAdd({ inputRef, onCreate }: Props) {
  const [quick, setQuick] = useState('');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseQuickAdd(quick);
    if (!parsed.title) return;
    setQuick('');
    inputRef.current?.focus();
    const ok = await onCreate(parsed);
    if (!ok) setQuick((cur) => cur || quick);
  };

  return (
    <form onSubmit={submit} className="mb-5 flex gap-2" aria-label="Add a task">
      <label htmlFor="quick-add" className="sr-only">
        New task
      </label>
      <input
        ref={inputRef}
        id="quick-add"
        className="field h-12 text-base"
        placeholder="Add a task — try “Pay rent #home !high”   ( n )"
        value={quick}
        onChange={(e) => setQuick(e.target.value)}
        maxLength={200}
        autoComplete="off"
        enterKeyHint="done"
      />
      <button type="submit" className="btn-primary h-12 shrink-0" disabled={!quick.trim()}>
        <Icon name="plus" />
        <span className="hidden sm:inline">Add</span>
        <span className="sr-only sm:hidden">Add task</span>
      </button>
    </form>
  );
}
