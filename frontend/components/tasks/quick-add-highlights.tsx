import type { QuickAddToken } from '@/lib/tasks/quick-add';

const KIND_LABEL: Record<QuickAddToken['kind'], string> = {
  due: 'due date',
  repeat: 'repeat',
  tag: 'tag',
  priority: 'priority',
  project: 'project',
  section: 'section',
};

/**
 * A copy of the quick-add text behind the (transparent) input, with its recognised tokens marked. Hidden from
 * assistive technology: the preview chip says what the tokens mean in words.
 */
export function QuickAddHighlights({
  text,
  tokens,
  scrollLeft,
}: {
  text: string;
  tokens: QuickAddToken[];
  scrollLeft: number;
}) {
  if (!text) return null;
  const pieces: React.ReactNode[] = [];
  let at = 0;
  for (const token of tokens) {
    if (token.start > at) pieces.push(text.slice(at, token.start));
    pieces.push(
      <mark
        key={token.start}
        data-testid="quick-add-token"
        data-kind={token.kind}
        title={KIND_LABEL[token.kind]}
        className="rounded-sm bg-accent-soft text-accent"
      >
        {text.slice(token.start, token.end)}
      </mark>,
    );
    at = token.end;
  }
  pieces.push(text.slice(at));
  return (
    <div
      aria-hidden="true"
      data-testid="quick-add-highlights"
      className="field pointer-events-none absolute inset-0 flex h-12 items-center overflow-hidden text-base whitespace-pre"
    >
      <span style={{ transform: `translateX(${-scrollLeft}px)` }}>{pieces}</span>
    </div>
  );
}
