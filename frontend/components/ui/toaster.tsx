'use client';

import { Icon } from './icons';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

export interface Toast {
  id: number;
  message: string;
  tone?: 'info' | 'error' | 'success';
  action?: { label: string; run: () => void };
  timeoutMs?: number;
}

interface ToastApi {
  show: (t: Omit<Toast, 'id'>) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function useToasts(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToasts outside <Toaster>');
  return ctx;
}

/** At most this many at once: the oldest gives way, so the stack never climbs over half the screen. */
const MAX_SHOWN = 3;

/** Toasts live in a polite live region so screen readers hear them without losing their place. */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (t: Omit<Toast, 'id'>) => {
      const id = ++seq.current;
      setToasts((all) => [...all.slice(-(MAX_SHOWN - 1)), { ...t, id }]);
      setTimeout(() => dismiss(id), t.timeoutMs ?? (t.action ? 8000 : 5000));
      return id;
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  const stackRef = useRef<HTMLDivElement>(null);

  // The page keeps room below its content for the stack, and scrolling a control into view (focus, find) stops
  // above it, so toasts never sit on top of the row actions a person is about to use.
  useEffect(() => {
    const stack = stackRef.current;
    if (!stack || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      const height = toasts.length ? stack.offsetHeight : 0;
      root.style.scrollPaddingBottom = height ? `${height}px` : '';
      document.body.style.paddingBottom = height ? `${height}px` : '';
    });
    observer.observe(stack);
    return () => observer.disconnect();
  }, [toasts.length]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        ref={stackRef}
        aria-live="polite"
        aria-relevant="additions"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === 'error' ? 'alert' : 'status'}
            data-testid="toast"
            className={`pointer-events-auto flex w-full max-w-md items-center gap-3 rounded-xl border px-4 py-2 text-sm shadow-lg ${
              t.tone === 'error'
                ? 'border-danger bg-danger-soft text-danger'
                : 'border-border bg-surface text-fg'
            }`}
          >
            <span className="flex-1 py-1.5">{t.message}</span>
            {t.action ? (
              <button
                type="button"
                className="btn min-h-11 px-3 font-semibold text-accent hover:bg-accent-soft"
                onClick={() => {
                  t.action?.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button
              type="button"
              aria-label="Dismiss"
              className="btn min-h-11 px-3 text-muted hover:bg-surface-2"
              onClick={() => dismiss(t.id)}
            >
              <Icon name="x" className="h-4 w-4" />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
