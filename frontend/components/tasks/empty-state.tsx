interface Props {
  title: string;
  body: string;
  hint?: string;
  action?: { label: string; run: () => void };
  className?: string;
}

/** A list with nothing to show: what that means and what to do next (`className` places it; default mt-6). */
export function EmptyState({ title, body, hint, action, className = 'mt-6' }: Props) {
  return (
    <div
      className={`rounded-2xl border border-dashed border-border px-6 py-12 text-center ${className}`}
      data-testid="empty-state"
    >
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-muted">{body}</p>
      {hint ? <p className="mt-3 text-xs text-muted">{hint}</p> : null}
      {action ? (
        <button type="button" className="btn-ghost mt-4 border border-border" onClick={action.run}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}
