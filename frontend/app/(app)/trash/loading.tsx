export default function Loading() {
  return (
    <div
      className="mx-auto max-w-6xl px-4 sm:px-6"
      role="status"
      aria-busy="true"
      aria-label="Loading the trash"
    >
      <div className="mb-5 h-12 animate-pulse rounded-lg bg-surface-2" />
      <div className="mb-3 h-11 animate-pulse rounded-lg bg-surface-2" />
      <ul className="mt-6 space-y-2">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="h-16 animate-pulse rounded-xl bg-surface-2" />
        ))}
      </ul>
    </div>
  );
}
