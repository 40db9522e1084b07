// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuickAddTask } from '@/lib/tasks/quick-add';
import { QuickAdd } from './quick-add';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Renders the field and turns to it, so its parser (loaded on demand) is there before the test types. */
async function renderEngaged(onCreate = vi.fn(async () => true)) {
  render(<QuickAdd inputRef={createRef()} onCreate={onCreate} />);
  fireEvent.focus(screen.getByLabelText('New task'));
  await act(async () => {
    await import('@/lib/tasks/quick-add');
  });
}

describe('QuickAdd loads its parser on demand', () => {
  it('shows no recognised words before the person turns to the field, then highlights them', async () => {
    render(<QuickAdd inputRef={createRef()} onCreate={vi.fn(async () => true)} />);
    expect(screen.queryAllByTestId('quick-add-token')).toHaveLength(0);
    const input = screen.getByLabelText('New task');
    fireEvent.change(input, { target: { value: 'Pay rent #home' } });
    expect(await screen.findAllByTestId('quick-add-token')).toHaveLength(1);
  });

  it('parses on Enter even when the parser has not arrived yet', async () => {
    const onCreate = vi.fn(async (_task: QuickAddTask) => true);
    render(<QuickAdd inputRef={createRef()} onCreate={onCreate} />);
    const input = screen.getByLabelText('New task');
    fireEvent.change(input, { target: { value: 'Water plants #home !high' } });
    fireEvent.submit(input.closest('form')!);
    await vi.waitFor(() => expect(onCreate).toHaveBeenCalledTimes(1));
    expect(onCreate.mock.calls[0]![0]).toMatchObject({
      title: 'Water plants',
      tags: ['home'],
      priority: 'high',
    });
  });
});

describe('QuickAdd for a screen reader', () => {
  it('announces the preview politely from a region that is there before it, once the text holds still', async () => {
    await renderEngaged();
    vi.useFakeTimers();
    const announcer = screen.getByTestId('quick-add-announcer');
    expect(announcer).toHaveProperty('textContent', '');
    expect(announcer.getAttribute('aria-live')).toBe('polite');

    const input = screen.getByLabelText('New task');
    fireEvent.change(input, { target: { value: 'Buy milk tomorrow' } });
    act(() => vi.advanceTimersByTime(500));
    fireEvent.change(input, { target: { value: 'Buy milk tomorrow 5pm' } });
    act(() => vi.advanceTimersByTime(500));
    fireEvent.change(input, { target: { value: 'Buy milk tomorrow 5pm every day' } });
    expect(announcer.textContent).toBe(''); // nothing said while typing

    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('quick-add-announcer')).toBe(announcer);
    expect(announcer.textContent).toBe('Due tomorrow 17:00 · Repeats daily');
  });

  it('turns a token back into words on Backspace, but leaves Backspace to an IME while it composes', async () => {
    await renderEngaged();
    const input = screen.getByLabelText<HTMLInputElement>('New task');
    fireEvent.change(input, { target: { value: 'Plan #タグ' } });
    input.setSelectionRange(8, 8); // right after the tag
    expect(screen.getAllByTestId('quick-add-token').map((t) => t.textContent)).toEqual(['#タグ']);

    const composing = fireEvent.keyDown(input, { key: 'Backspace', isComposing: true });
    expect(composing).toBe(true); // not prevented: the IME gets its Backspace
    expect(screen.getAllByTestId('quick-add-token')).toHaveLength(1);

    const typed = fireEvent.keyDown(input, { key: 'Backspace' });
    expect(typed).toBe(false); // taken: the tag becomes words, nothing is deleted
    expect(screen.queryAllByTestId('quick-add-token')).toHaveLength(0);
    expect(input.value).toBe('Plan #タグ');
  });
});
