import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveOptions } from './sse';

const opened: LiveOptions[] = [];
const stopped = vi.fn();
vi.mock('./sse', () => ({
  connectLive: (options: LiveOptions) => {
    opened.push(options);
    return stopped;
  },
}));

const { subscribeLive } = await import('./live-hub');

describe('one live stream per tab', () => {
  afterEach(() => vi.useRealTimers());

  it('is shared by every listener, and closes a while after the last one leaves', () => {
    vi.useFakeTimers();
    const board = { onEvent: vi.fn(), onStatus: vi.fn() };
    const sidebar = { onEvent: vi.fn(), onResync: vi.fn() };
    const leaveBoard = subscribeLive(board);
    opened[0]!.onStatus('live');
    const leaveSidebar = subscribeLive(sidebar);
    expect(opened).toHaveLength(1);

    opened[0]!.onEvent({ type: 'task.deleted', taskId: 't1' });
    expect(board.onEvent).toHaveBeenCalledWith({ type: 'task.deleted', taskId: 't1' });
    expect(sidebar.onEvent).toHaveBeenCalledTimes(1);
    opened[0]!.onResync();
    expect(sidebar.onResync).toHaveBeenCalledTimes(1);

    // A page changing (one leaves, the next arrives) keeps the stream, and the newcomer hears its status.
    leaveBoard();
    const project = { onStatus: vi.fn() };
    const leaveProject = subscribeLive(project);
    expect(project.onStatus).toHaveBeenCalledWith('live');
    expect(opened).toHaveLength(1);

    leaveProject();
    leaveSidebar();
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5000);
    expect(stopped).toHaveBeenCalledTimes(1);
    subscribeLive({});
    expect(opened).toHaveLength(2);
  });
});
