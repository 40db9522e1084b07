/** A signed-in page rendered while the API cannot be reached: says so, and that a reload will try again. */
export function ServerAway({ what }: { what: string }) {
  return (
    <div className="mx-auto max-w-3xl px-4 pb-24 sm:px-6">
      <p
        role="status"
        data-testid="outage-banner"
        className="rounded-xl bg-warn-soft px-4 py-3 text-sm text-warn"
      >
        The server can’t be reached right now, so {what} cannot be shown. You are still signed in; reload this
        page in a moment.
      </p>
    </div>
  );
}
