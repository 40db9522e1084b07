'use client';

import { useState } from 'react';
import { checkQuickAdd, type QuickAddTask } from '@/lib/tasks/quick-add';
import { Icon } from '@/components/ui/icons';

interface Props {
  inputRef: React.RefObject<HTMLInputElement | null>;
  /** Resolves to false when the task was not added: the typed text comes back so nothing is lost. */
  onCreate: (task: QuickAddTask) => Promise<boolean>;
}

/**
 * The always-visible "add a task" field with its shorthand (#tag, !high). The text is never cut: the title is
 * measured without its tokens, a counter shows near the limit, and a title over it is refused with a message.
 */
export function QuickAdd({ inputRef, onCreate }: Props) {
  const [quick, setQuick] = useState('');
  const [refusal, setRefusal] = useState<string | undefined>();
  const { counter, error } = checkQuickAdd(quick);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const checked = checkQuickAdd(quick);
    if (!checked.task.title) return;
    if (checked.error) return setRefusal(checked.error);
    setQuick('');
    inputRef.current?.focus();
    const ok = await onCreate(checked.task);
    if (!ok) setQuick((cur) => cur || quick);
  };

  const shownError = error ? refusal : undefined;
  const describedBy = [counter ? 'quick-add-count' : '', shownError ? 'quick-add-error' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <form onSubmit={submit} className="mb-5" aria-label="Add a task">
      <div className="flex gap-2">
        <label htmlFor="quick-add" className="sr-only">
          New task
        </label>
        <input
          ref={inputRef}
          id="quick-add"
          className="field h-12 text-base"
          placeholder="Add a task — try “Pay rent #home !high”   ( n )"
          value={quick}
          onChange={(e) => {
            setQuick(e.target.value);
            setRefusal(undefined);
          }}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy || undefined}
          autoComplete="off"
          enterKeyHint="done"
        />
        <button type="submit" className="btn-primary h-12 shrink-0" disabled={!quick.trim()}>
          <Icon name="plus" />
          <span className="hidden sm:inline">Add</span>
          <span className="sr-only sm:hidden">Add task</span>
        </button>
      </div>
      {counter || shownError ? (
        <div className="mt-1 flex items-start gap-3 text-sm">
          {shownError ? (
            <p id="quick-add-error" role="alert" className="flex-1 text-danger">
              {shownError}
            </p>
          ) : null}
          {counter ? (
            <p
              id="quick-add-count"
              data-testid="quick-add-count"
              className={`ml-auto tabular-nums ${error ? 'font-semibold text-danger' : 'text-muted'}`}
            >
              <span className="sr-only">Title length: </span>
              {counter}
            </p>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
