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

/**
 * Toasts live in a polite live region so screen readers hear them without losing their place. The region is
 * a landmark ("Notifications"): F6 moves focus to the newest toast's action and back (so is Esc), and no
 * toast times out while focus or the pointer is in it. Its height is published as `--toast-inset` so that
 * a full-screen sheet can end above it.
 */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const region = useRef<HTMLElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const held = useRef({ focus: false });
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (t: Omit<Toast, 'id'>) => {
      const id = ++seq.current;
      setToasts((all) => [...all.slice(-(MAX_SHOWN - 1)), { ...t, id }]);
      const expire = () => {
        // :hover rather than pointer events: a toast removed under the pointer sends no pointerleave.
        if (held.current.focus || region.current?.matches(':hover')) setTimeout(expire, 1000);
        else dismiss(id);
      };
      setTimeout(expire, t.timeoutMs ?? (t.action ? 8000 : 5000));
      return id;
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  // The page keeps room below its content for the stack, and scrolling a control into view (focus, find) stops
  // above it, so toasts never sit on top of the row actions a person is about to use.
  useEffect(() => {
    const stack = region.current;
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

  const leave = useCallback(() => {
    const back = returnTo.current;
    returnTo.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F6' || e.ctrlKey || e.metaKey || e.altKey) return;
      const inside = region.current?.contains(document.activeElement);
      if (inside) {
        e.preventDefault();
        return leave();
      }
      const shown = region.current?.querySelectorAll('[data-testid="toast"]');
      const target = shown?.[shown.length - 1];
      if (!target) return;
      e.preventDefault();
      const active = document.activeElement;
      returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
      target.querySelector<HTMLElement>('button')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [leave]);

  useEffect(() => {
    const el = region.current;
    if (!el) return;
    // A toast removed while focused fires no blur: recheck whether focus is still held in the region.
    held.current.focus = el.contains(document.activeElement);
    const root = document.documentElement;
    const publish = () =>
      root.style.setProperty('--toast-inset', `${el.childElementCount ? el.offsetHeight : 0}px`);
    // Without ResizeObserver (jsdom) the height is published on each change of the toasts only.
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(publish);
    observer?.observe(el);
    publish();
    return () => {
      observer?.disconnect();
      root.style.removeProperty('--toast-inset');
    };
  }, [toasts.length]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section
        ref={region}
        aria-label="Notifications"
        aria-live="polite"
        aria-relevant="additions"
        data-stays-active
        onFocus={() => (held.current.focus = true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) held.current.focus = false;
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            leave();
          }
        }}
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 empty:p-0 sm:items-end"
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
                  // Unless the action moved focus on (Undo focuses what it brought back), go back to before.
                  requestAnimationFrame(() => {
                    const at = document.activeElement;
                    if (!at || at === document.body || region.current?.contains(at)) leave();
                    else returnTo.current = null;
                  });
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button
              type="button"
              aria-label="Dismiss"
              className="btn min-h-11 px-3 text-muted hover:bg-surface-2"
              onClick={() => {
                dismiss(t.id);
                requestAnimationFrame(() => {
                  if (!region.current?.contains(document.activeElement)) leave();
                });
              }}
            >
              <Icon name="x" className="h-4 w-4" />
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}
