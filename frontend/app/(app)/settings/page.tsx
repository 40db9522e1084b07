import type { Metadata } from 'next';
import { ConnectedApps } from '@/components/settings/connected-apps';
import { ShortcutsSetting } from '@/components/settings/shortcuts-setting';
import { TokenManager } from '@/components/settings/tokens';
import { requireSession } from '@/lib/auth/current-user';
import { ServerAway } from '@/components/server-away';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { api, user } = await requireSession('/settings');
  if (!user) return <ServerAway what="your settings" />;
  const [{ data }, { data: connected }] = await Promise.all([
    api.GET('/api/v1/tokens'),
    api.GET('/api/v1/oauth/connections'),
  ]);
  return (
    <div className="mx-auto max-w-3xl px-4 pb-24 sm:px-6">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Settings</h1>
      <p className="mb-6 text-sm text-muted">
        Signed in as {user.name} ({user.email}). Personal access tokens let agents and scripts use your tasks
        without your password.
      </p>
      <ConnectedApps initial={connected?.items ?? []} />
      <TokenManager initial={data?.items ?? []} />
      <ShortcutsSetting />
    </div>
  );
}
