import Link from 'next/link';

/** A project that is not there (deleted, or another person's): said plainly, with where to go next. */
export default function ProjectNotFound() {
  return (
    <div className="px-4 py-8 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Project not found</h1>
      <p className="mt-2 text-muted">
        It may have been deleted (its tasks are then in the trash, where you can restore it), or it is not
        yours to see.
      </p>
      <p className="mt-4 flex flex-wrap gap-2">
        <Link className="btn-primary" href="/trash">
          Open the trash
        </Link>
        <Link className="btn-ghost border border-border" href="/tasks">
          Go to all tasks
        </Link>
      </p>
    </div>
  );
}
