import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-20 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-muted">This page does not exist, or it is not yours to see.</p>
      <Link href="/tasks" className="btn-primary mt-6">
        Back to your tasks
      </Link>
    </main>
  );
}
