export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-20 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-muted">This page does not exist, or it is not yours to see.</p>
      {/* A plain link on purpose: the root not-found boundary is part of every page, and next/link here
          put a second copy of the Link runtime into every route's first load. A full load is fine from a 404. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/tasks" className="btn-primary mt-6">
        Back to your tasks
      </a>
    </main>
  );
}
