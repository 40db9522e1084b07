import type { Metadata } from 'next';
import { TrashList } from '@/components/tasks/trash-list';
import { requireSession } from '@/lib/auth/current-user';
import { ServerAway } from '@/components/server-away';

export const metadata: Metadata = { title: 'Trash' };

export default async function TrashPage() {
  const { api, available } = await requireSession('/trash');
  if (!available) return <ServerAway what="the trash" />;
  const { data, error } = await api.GET('/api/v1/trash', { params: { query: { limit: 100 } } });
  if (!data) throw new Error(error?.detail ?? 'Could not load the trash');
  return (
    <div className="mx-auto max-w-3xl px-4 pb-24 sm:px-6">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Trash</h1>
      <p className="mb-6 text-sm text-muted">
        Restore a task to put it back exactly as it was. Each task says when it will be erased for good.
      </p>
      <TrashList initial={data.items} />
    </div>
  );
}
