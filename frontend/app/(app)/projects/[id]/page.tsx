import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ProjectView } from '@/components/projects/project-view';
import { requireSession } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Project' };

/**
 * A project: its sections and tasks in their manual order, with subtasks. The server renders the project, its
 * sections and the first page of tasks, so the first screen is useful before any script runs; the rest is read
 * page by page in the browser.
 */
export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ completed?: string | string[] }>;
}) {
  const { id } = await params;
  const showCompleted = (await searchParams).completed === 'show';
  const { api, available, userId } = await requireSession(`/projects/${id}`);
  if (!available) {
    return (
      <p className="px-4 py-8 text-muted">The server cannot be reached right now. Try again in a moment.</p>
    );
  }
  const [project, sections, tasks] = await Promise.all([
    api.GET('/api/v1/projects/{id}', { params: { path: { id } } }),
    api.GET('/api/v1/projects/{id}/sections', { params: { path: { id } } }),
    api.GET('/api/v1/tasks', {
      params: {
        query: {
          projectId: id,
          ...(showCompleted ? {} : { completed: 'false' as const }),
          sort: 'position',
          limit: 100,
        },
      },
    }),
  ]);
  const status = project.response.status;
  if (status === 404 || status === 403 || status === 400) notFound();
  if (!project.data || !tasks.data) {
    return (
      <div className="px-4 py-8 sm:px-6" role="alert">
        <h1 className="text-2xl font-semibold tracking-tight">This project could not be read</h1>
        <p className="mt-2 text-muted">The server answered with an error. Reload the page in a moment.</p>
      </div>
    );
  }
  return (
    <ProjectView
      key={id}
      project={project.data}
      initialSections={sections.data?.items ?? []}
      initialTasks={tasks.data.items}
      initialCursor={tasks.data.nextCursor ?? null}
      initialShowCompleted={showCompleted}
      userId={userId}
    />
  );
}
