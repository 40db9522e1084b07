'use client';

import { useEffect, useMemo, useState } from 'react';
import type { QuickAddCheck, QuickAddPlace, QuickAddTask, QuickAddToken } from '@/lib/tasks/quick-add';
import { Icon } from '@/components/ui/icons';
import { QuickAddHighlights } from './quick-add-highlights';

/** How long the preview must stay the same before it is announced. */
const ANNOUNCE_AFTER_MS = 1000;

type Parser = typeof import('@/lib/tasks/quick-add');
let parserLoad: Promise<Parser> | undefined;
/**
 * The date parser (chrono-node) is most of the board's own script, and a board is mostly read: it loads when the
 * person turns to the field (focus, pointer, typing), not with the page.
 */
const loadParser = () => (parserLoad ??= import('@/lib/tasks/quick-add'));

/** What the field shows before the parser has arrived: the text as typed, nothing recognised yet. */
const UNPARSED: Pick<QuickAddCheck, 'tokens'> & Partial<QuickAddCheck> = { tokens: [] };

function useParser(wanted: boolean): Parser | undefined {
  const [parser, setParser] = useState<Parser>();
  useEffect(() => {
    if (!wanted || parser) return;
    let live = true;
    void loadParser().then((loaded) => live && setParser(loaded));
    return () => {
      live = false;
    };
  }, [wanted, parser]);
  return parser;
}

interface Props {
  inputRef: React.RefObject<HTMLInputElement | null>;
  /** Resolves to false when the task was not added: the typed text comes back so nothing is lost. */
  onCreate: (task: QuickAddTask, place: QuickAddPlace) => Promise<boolean>;
}

/**
 * The always-visible "add a task" field with its shorthand (#tag, !high, "tomorrow 9am", "every monday"), read in
 * the browser's time zone by the parser the API's quick-add endpoint uses. Recognised words are highlighted as one
 * types and a chip previews the due date and repeat; Backspace right after a highlighted word turns it back into
 * plain text. The text is never cut: the title is measured without its tokens and refused with a message when long.
 */
export function QuickAdd({ inputRef, onCreate }: Props) {
  const [quick, setQuick] = useState('');
  const [literal, setLiteral] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string | undefined>();
  const [scrollLeft, setScrollLeft] = useState(0);
  const [engaged, setEngaged] = useState(false);
  const parser = useParser(engaged || quick !== '');
  const timeZone = useMemo(() => parser?.browserTimeZone() ?? 'UTC', [parser]);
  const now = new Date();
  const { task, tokens, counter, error } = parser
    ? parser.checkQuickAdd(quick, { now, timeZone, literal, places: true })
    : UNPARSED;
  const preview = parser && task ? parser.describeQuickAdd(task, now, timeZone) : '';
  const engage = () => setEngaged(true);
  // What a screen reader hears: the preview once it has held still for a moment, not each step of "Dec 2", "Dec 24".
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    const settle = setTimeout(() => setSpoken(preview), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(settle);
  }, [preview]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!quick.trim()) return;
    const loaded = parser ?? (await loadParser());
    const checked = loaded.checkQuickAdd(quick, {
      now: new Date(),
      timeZone: loaded.browserTimeZone(),
      literal,
      places: true,
    });
    if (checked.error) return setRefusal(checked.error);
    const typed = { quick, literal };
    setQuick('');
    setLiteral([]);
    inputRef.current?.focus();
    const ok = await onCreate(checked.task, checked.place);
    if (!ok) {
      setQuick((cur) => cur || typed.quick);
      setLiteral((cur) => (cur.length ? cur : typed.literal));
    }
  };

  /** Backspace with the caret right after a token: the token becomes words again, nothing is deleted. */
  const untokenise = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Backspace' || e.altKey || e.ctrlKey || e.metaKey) return;
    // While an IME composes ("#タグ"), Backspace edits the composition; taking it would leave the IME stuck.
    if (e.nativeEvent.isComposing) return;
    const { selectionStart, selectionEnd } = e.currentTarget;
    if (selectionStart === null || selectionStart !== selectionEnd) return;
    const token = tokens.find((t: QuickAddToken) => t.end === selectionStart);
    if (!token) return;
    e.preventDefault();
    setLiteral((cur) => [...cur, token.text]);
  };

  const syncScroll = () => setScrollLeft(inputRef.current?.scrollLeft ?? 0);
  const shownError = error ? refusal : undefined;
  const describedBy = [
    preview ? 'quick-add-preview' : '',
    counter ? 'quick-add-count' : '',
    shownError ? 'quick-add-error' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <form onSubmit={submit} onFocus={engage} onPointerEnter={engage} className="mb-5" aria-label="Add a task">
      <div className="flex gap-2">
        <label htmlFor="quick-add" className="sr-only">
          New task
        </label>
        <div className="relative flex-1">
          <QuickAddHighlights text={quick} tokens={tokens} scrollLeft={scrollLeft} />
          <input
            ref={inputRef}
            id="quick-add"
            className="field relative h-12 text-base"
            // The words show through from the highlighted copy behind; the caret and selection stay the input's.
            style={
              quick
                ? { background: 'transparent', color: 'transparent', caretColor: 'var(--color-fg)' }
                : undefined
            }
            placeholder="Add a task — try “Pay rent every month #home !high tomorrow 9am”   ( n )"
            value={quick}
            onChange={(e) => {
              setQuick(e.target.value);
              setRefusal(undefined);
              if (!e.target.value) setLiteral([]);
            }}
            onKeyDown={untokenise}
            onScroll={syncScroll}
            onSelect={syncScroll}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={describedBy || undefined}
            autoComplete="off"
            enterKeyHint="done"
          />
        </div>
        <button type="submit" className="btn-primary h-12 shrink-0" disabled={!quick.trim()}>
          <Icon name="plus" />
          <span className="hidden sm:inline">Add</span>
          <span className="sr-only sm:hidden">Add task</span>
        </button>
      </div>
      {/* Always in the page, so that a change is announced (a live region added with its text often is not). */}
      <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="quick-add-announcer">
        {spoken}
      </p>
      {preview || counter || shownError ? (
        <div className="mt-1 flex flex-wrap items-start gap-3 text-sm">
          {preview ? (
            <p
              id="quick-add-preview"
              data-testid="quick-add-preview"
              className="chip bg-accent-soft text-accent"
            >
              {preview}
            </p>
          ) : null}
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
