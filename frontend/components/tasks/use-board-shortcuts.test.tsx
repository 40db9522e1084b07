// @vitest-environment jsdom
import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aTask } from '@/lib/tasks/task.factory';
import { writeSingleKeyShortcuts } from '@/lib/keyboard/single-key';
import { useBoardShortcuts, type BoardShortcuts } from './use-board-shortcuts';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const press = (key: string, target: EventTarget = document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

function handlers(over: Partial<BoardShortcuts> = {}): BoardShortcuts {
  return {
    visible: [],
    selectedId: null,
    openId: null,
    select: vi.fn(),
    focusSearch: vi.fn(),
    returnsToList: vi.fn(() => false),
    focusList: vi.fn(),
    toggle: vi.fn(),
    startEdit: vi.fn(),
    open: vi.fn(),
    trash: vi.fn(),
    undo: vi.fn(() => true),
    closeDetail: vi.fn(),
    ...over,
  };
}

describe(useBoardShortcuts.name, () => {
  it('moves the selection with j/k and acts on the selected task with x, e and Delete', () => {
    const [a, b] = [aTask(), aTask()];
    const h = handlers({ visible: [a, b], selectedId: a.id });
    renderHook(() => useBoardShortcuts(h));
    press('j');
    expect(h.select).toHaveBeenLastCalledWith(b.id);
    press('k');
    expect(h.select).toHaveBeenLastCalledWith(a.id);
    press('x');
    expect(h.toggle).toHaveBeenCalledWith(a);
    press('e');
    expect(h.startEdit).toHaveBeenCalledWith(a.id);
    press('Delete');
    expect(h.trash).toHaveBeenCalledWith(a);
  });

  it('undoes with Ctrl+Z or Cmd+Z, but leaves a text field its own undo', () => {
    const h = handlers();
    renderHook(() => useBoardShortcuts(h));
    const undoKey = (over: KeyboardEventInit, target: EventTarget = document.body) =>
      target.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'z', bubbles: true, cancelable: true, ...over }),
      );
    expect(undoKey({ ctrlKey: true })).toBe(false);
    undoKey({ metaKey: true });
    expect(h.undo).toHaveBeenCalledTimes(2);
    const input = document.body.appendChild(document.createElement('input'));
    undoKey({ ctrlKey: true }, input);
    undoKey({ ctrlKey: true, shiftKey: true });
    expect(h.undo).toHaveBeenCalledTimes(2);
    input.remove();
  });

  it('ignores keys typed into a field', () => {
    const h = handlers();
    renderHook(() => useBoardShortcuts(h));
    const input = document.body.appendChild(document.createElement('input'));
    press('/', input);
    press('j', input);
    expect(h.focusSearch).not.toHaveBeenCalled();
    expect(h.select).not.toHaveBeenCalled();
    press('/');
    expect(h.focusSearch).toHaveBeenCalledTimes(1);
    input.remove();
  });

  it('does nothing for single character keys once they are turned off; arrows, Space, F2 and Delete stay', () => {
    const [a, b] = [aTask(), aTask()];
    const h = handlers({ visible: [a, b], selectedId: a.id });
    renderHook(() => useBoardShortcuts(h));
    writeSingleKeyShortcuts(false);
    for (const key of ['/', 'j', 'k', 'x', 'e']) press(key);
    expect(h.focusSearch).not.toHaveBeenCalled();
    expect(h.select).not.toHaveBeenCalled();
    expect(h.toggle).not.toHaveBeenCalled();
    expect(h.startEdit).not.toHaveBeenCalled();
    press('ArrowDown');
    expect(h.select).toHaveBeenLastCalledWith(b.id);
    press('F2');
    expect(h.startEdit).toHaveBeenCalledWith(a.id);
    press('Delete');
    expect(h.trash).toHaveBeenCalledWith(a);
    const row = document.body.appendChild(Object.assign(document.createElement('li'), { tabIndex: 0 }));
    row.dataset.taskId = a.id;
    row.focus();
    press(' ', row);
    expect(h.toggle).toHaveBeenCalledWith(a);
    row.remove();
  });

  it('sends focus back to the list on Esc in quick add or search, and lets a checkbox use the arrows', () => {
    const [a, b] = [aTask(), aTask()];
    const field = document.body.appendChild(document.createElement('input'));
    const h = handlers({ visible: [a, b], selectedId: a.id, returnsToList: (t) => t === field });
    renderHook(() => useBoardShortcuts(h));
    press('Escape', field);
    expect(h.focusList).toHaveBeenCalledTimes(1);
    press('Escape', document.body.appendChild(document.createElement('textarea')));
    expect(h.focusList).toHaveBeenCalledTimes(1);
    const box = document.body.appendChild(
      Object.assign(document.createElement('input'), { type: 'checkbox' }),
    );
    press('ArrowDown', box);
    expect(h.select).toHaveBeenLastCalledWith(b.id);
    field.remove();
    box.remove();
  });

  it('uses the handlers of the latest render and closes the detail only while one is open', () => {
    const first = handlers();
    const { rerender } = renderHook((h: BoardShortcuts) => useBoardShortcuts(h), { initialProps: first });
    press('Escape');
    expect(first.closeDetail).not.toHaveBeenCalled();
    const second = handlers({ openId: 'some-task' });
    rerender(second);
    press('Escape');
    expect(second.closeDetail).toHaveBeenCalledTimes(1);
    expect(first.closeDetail).not.toHaveBeenCalled();
  });
});
