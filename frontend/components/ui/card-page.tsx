import { Logo } from './logo';

/** The logo and the product's name, above the sign-in card and atop the one-card pages. */
export function Brand({ className }: { className: string }) {
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <Logo className="h-8 w-8" />
      <span className="text-xl font-semibold tracking-tight">Todo</span>
    </div>
  );
}

/** A page that is one card, outside the app's frame: the consent and invitation pages. */
export function CardPage({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-2xl border border-border bg-surface p-6 shadow-sm">
        <Brand className="mb-6" />
        {children}
      </div>
    </main>
  );
}
