import { AppNav } from '@/components/app-nav';
import { AppSidebar, MenuDrawer } from '@/components/app-sidebar';
import { SignOutForm } from '@/components/sign-out-form';
import { AppKeyboard } from '@/components/keyboard/app-keyboard';
import { Toaster } from '@/components/ui/toaster';
import { requireSession, type PageSession } from '@/lib/auth/current-user';
import { Logo } from '@/components/ui/logo';
import { LayoutProjectsProvider } from '@/lib/projects/initial-projects';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { user, api, available } = await requireSession('/tasks');
  const projects = available ? await firstProjects(api) : null;
  return (
    <Toaster>
      <AppKeyboard>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-4 focus:py-2"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-30 border-b border-border bg-bg/85 backdrop-blur">
          <div className="mx-auto flex h-16 max-w-7xl items-center gap-2 px-4 sm:px-6">
            <MenuDrawer projects={projects} />
            <span className="mr-2 hidden items-center gap-2 font-semibold tracking-tight sm:flex">
              <Logo className="h-7 w-7" />
              <span className="hidden sm:inline">Todo</span>
            </span>
            <AppNav />
            <div className="ml-auto flex items-center gap-2">
              {user ? (
                <span className="hidden text-sm text-muted md:inline" data-testid="user-name">
                  {user.name}
                </span>
              ) : null}
              <SignOutForm />
            </div>
          </div>
        </header>
        <div className="mx-auto flex max-w-7xl">
          <AppSidebar projects={projects} />
          <main id="main" className="min-w-0 flex-1 pt-4 sm:pt-6">
            <LayoutProjectsProvider projects={projects}>{children}</LayoutProjectsProvider>
          </main>
        </div>
      </AppKeyboard>
    </Toaster>
  );
}

/** The sidebar's projects in the first HTML; the browser reads them again after each navigation. */
async function firstProjects(api: PageSession['api']) {
  try {
    const { data } = await api.GET('/api/v1/projects', { params: { query: { limit: 100 } } });
    return data?.items ?? null;
  } catch {
    return null;
  }
}
