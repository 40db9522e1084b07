// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultFilter } from '@/lib/tasks/filters';
import { useBoardUrlState } from './use-board-url-state';

afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/tasks'));

const path = () => window.location.pathname;

describe(useBoardUrlState.name, () => {
  it('adds a history entry when a task opens, so Back closes it and stays on the board', async () => {
    const before = window.history.length;
    const { result } = renderHook(() => useBoardUrlState(defaultFilter));
    act(() => result.current.setOpenId('a1'));
    expect(path()).toBe('/tasks/a1');
    expect(window.history.length).toBe(before + 1);
    // Another task while one is open replaces the entry: Back still closes the detail in one step.
    act(() => result.current.setOpenId('b2'));
    expect(path()).toBe('/tasks/b2');
    expect(window.history.length).toBe(before + 1);
    act(() => window.history.back());
    await waitFor(() => expect(result.current.openId).toBeNull());
    expect(path()).toBe('/tasks');
  });

  it('closing with ✕ goes back over the entry it added; a task open from the start replaces instead', async () => {
    const { result } = renderHook(() => useBoardUrlState(defaultFilter));
    act(() => result.current.setOpenId('a1'));
    act(() => result.current.setOpenId(null));
    expect(result.current.openId).toBeNull();
    await waitFor(() => expect(path()).toBe('/tasks'));
    cleanup();

    window.history.replaceState(null, '', '/tasks/c3');
    const length = window.history.length;
    const opened = renderHook(() => useBoardUrlState(defaultFilter, 'c3'));
    act(() => opened.result.current.setOpenId(null));
    expect(path()).toBe('/tasks');
    expect(window.history.length).toBe(length);
  });
});
