'use client';

import { useEffect, useSyncExternalStore, type RefObject } from 'react';

/** Below Tailwind's `lg`, where the task detail covers the screen as a sheet. */
const SHEET_QUERY = '(max-width: 1023.98px)';

// Optional chaining: environments without matchMedia (jsdom in unit tests) get the wide, non-modal panel.
function subscribe(onChange: () => void) {
  const mq = window.matchMedia?.(SHEET_QUERY);
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

/**
 * Makes a full-screen sheet modal while the screen is narrow enough for it to be one: everything else on the
 * page becomes `inert` (no focus, no clicks, hidden from assistive technology), so Tab and Shift+Tab stay
 * in the sheet. Live regions and the toasts (marked `data-stays-active`) are left alone: they must still
 * speak, and a toast's Undo must still work. Returns whether the sheet is modal now.
 */
export function useModalSheet(ref: RefObject<HTMLElement | null>): boolean {
  const modal = useSyncExternalStore(
    subscribe,
    () => window.matchMedia?.(SHEET_QUERY).matches ?? false,
    () => false,
  );

  useEffect(() => {
    const sheet = ref.current;
    if (!modal || !sheet) return;
    const made: HTMLElement[] = [];
    for (let el: HTMLElement = sheet; el.parentElement && el !== document.body; el = el.parentElement) {
      for (const sibling of el.parentElement.children) {
        if (sibling === el || !(sibling instanceof HTMLElement) || sibling.inert) continue;
        if (sibling.matches('[aria-live], [data-stays-active], dialog, script, next-route-announcer'))
          continue;
        sibling.setAttribute('inert', '');
        made.push(sibling);
      }
    }
    return () => {
      for (const el of made) el.removeAttribute('inert');
    };
  }, [modal, ref]);

  return modal;
}
