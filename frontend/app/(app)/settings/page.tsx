import type { Metadata } from 'next';
import { CalendarFeeds } from '@/components/settings/calendar-feeds';
import { ConnectedApps } from '@/components/settings/connected-apps';
import { ImportExport } from '@/components/settings/import-export';
import { ShortcutsSetting } from '@/components/settings/shortcuts-setting';
import { TokenManager } from '@/components/settings/tokens';
import { Webhooks } from '@/components/settings/webhooks';
import { requireSession } from '@/lib/auth/current-user';
import { ServerAway } from '@/components/server-away';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { api, user } = await requireSession('/settings');
  if (!user) return <ServerAway what="your settings" />;
  const [{ data }, { data: connected }, { data: feeds }, { data: projects }, { data: hooks }] =
    await Promise.all([
      api.GET('/api/v1/tokens'),
      api.GET('/api/v1/oauth/connections'),
      api.GET('/api/v1/feeds'),
      api.GET('/api/v1/projects', { params: { query: { limit: 100 } } }),
      api.GET('/api/v1/webhooks'),
    ]);
  const projectChoices = (projects?.items ?? []).map(({ id, name }) => ({ id, name }));
  return (
    <div className="mx-auto max-w-3xl px-4 pb-24 sm:px-6">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Settings</h1>
      <p className="mb-6 text-sm text-muted">
        Signed in as {user.name} ({user.email}). Personal access tokens let agents and scripts use your tasks
        without your password.
      </p>
      <ConnectedApps initial={connected?.items ?? []} />
      <TokenManager initial={data?.items ?? []} />
      <CalendarFeeds initial={feeds?.items ?? []} projects={projectChoices} />
      <Webhooks initial={hooks?.items ?? []} projects={projectChoices} />
      <ImportExport />
      <ShortcutsSetting />
    </div>
  );
}
