'use client';

import type { Task } from '@todo/openapi';
import { useEffect, useRef } from 'react';
import { isSingleCharacterKey, singleKeyShortcutsOn } from '@/lib/keyboard/single-key';
import { isTypingTarget } from '@/lib/keyboard/targets';

export interface BoardShortcuts {
  visible: Task[];
  selectedId: string | null;
  openId: string | null;
  select: (id: string) => void;
  focusSearch: () => void;
  /** Whether Esc in this field sends focus back to the list (quick add, search). */
  returnsToList: (target: EventTarget | null) => boolean;
  focusList: () => void;
  toggle: (task: Task) => void;
  startEdit: (id: string) => void;
  open: (id: string) => void;
  trash: (task: Task) => void;
  /** Takes back the last undoable change (complete, delete, edit); false when there is none. */
  undo: () => boolean;
  closeDetail: () => void;
}

/**
 * The board's keyboard map (ignored while typing in a field); `n` and `?` are app-wide (AppKeyboard). Single
 * character keys obey the Settings switch; arrows, Enter, Space, F2, Delete and Esc always work.
 */
export function useBoardShortcuts(shortcuts: BoardShortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = latest.current;
      if (e.key === 'Escape' && s.returnsToList(e.target)) {
        s.focusList();
        return;
      }
      if (isTypingTarget(e.target)) return;
      // Ctrl+Z, or Cmd+Z on a Mac; in a text field it stays the field's own undo.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z') {
        if (s.undo()) e.preventDefault();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (isSingleCharacterKey(e) && !singleKeyShortcutsOn()) return;
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
        case ' ':
          // Space on the row itself (on its checkbox it is the checkbox's own).
          if (current && (e.target as HTMLElement).dataset?.taskId) {
            e.preventDefault();
            s.toggle(current);
          }
          break;
        case 'F2':
        case 'e':
          if (current) {
            e.preventDefault();
            s.startEdit(current.id);
          }
          break;
        case 'Enter':
          if (current && !['BUTTON', 'INPUT'].includes((e.target as HTMLElement).tagName)) s.open(current.id);
          break;
        case 'Delete':
        case 'Backspace':
          if (current) {
            e.preventDefault();
            s.trash(current);
          }
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
