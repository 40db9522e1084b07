'use client';

import type { Task } from '@todo/openapi';
import { useEffect, useRef } from 'react';

export interface BoardShortcuts {
  visible: Task[];
  selectedId: string | null;
  openId: string | null;
  select: (id: string) => void;
  focusQuickAdd: () => void;
  focusSearch: () => void;
  toggle: (task: Task) => void;
  startEdit: (id: string) => void;
  open: (id: string) => void;
  trash: (task: Task) => void;
  /** Takes back the last undoable change (complete, delete, edit); false when there is none. */
  undo: () => boolean;
  showHelp: () => void;
  closeDetail: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    Boolean(el.closest('dialog[open]'))
  );
}

/** The board's global keyboard map (ignored while typing in a field); `?` lists it for the person. */
export function useBoardShortcuts(shortcuts: BoardShortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = latest.current;
      // Ctrl+Z, or Cmd+Z on a Mac; in a text field it stays the field's own undo.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z') {
        if (s.undo()) e.preventDefault();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const { visible } = s;
      // The focused row is the current one (mouse focus, Tab), else the keyboard selection.
      const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-task-id]')
        ?.dataset.taskId;
      const currentId = focusedId ?? s.selectedId;
      const idx = visible.findIndex((t) => t.id === currentId);
      const current = idx >= 0 ? visible[idx] : undefined;
      const move = (delta: number) => {
        if (!visible.length) return;
        const next = visible[Math.min(visible.length - 1, Math.max(0, idx < 0 ? 0 : idx + delta))];
        if (next) s.select(next.id);
      };
      switch (e.key) {
        case 'n':
          e.preventDefault();
          s.focusQuickAdd();
          break;
        case '/':
          e.preventDefault();
          s.focusSearch();
          break;
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          move(-1);
          break;
        case 'x':
          if (current) s.toggle(current);
          break;
        case 'e':
          if (current) {
            e.preventDefault();
            s.startEdit(current.id);
          }
          break;
        case 'Enter':
          if (current && (e.target as HTMLElement).tagName !== 'BUTTON') s.open(current.id);
          break;
        case 'Delete':
        case 'Backspace':
          if (current) {
            e.preventDefault();
            s.trash(current);
          }
          break;
        case '?':
          e.preventDefault();
          s.showHelp();
          break;
        case 'Escape':
          if (s.openId) s.closeDetail();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
