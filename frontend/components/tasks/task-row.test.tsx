// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Task } from '@todo/openapi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aTask } from '@/lib/tasks/task.factory';
import { TaskRow } from './task-row';

vi.mock('@/components/ui/avatar', () => ({ AssigneeAvatar: () => null }));

afterEach(cleanup);

function renderRow(task: Task, readOnly?: boolean) {
  const handlers = {
    onSelect: vi.fn(),
    onToggle: vi.fn(),
    onOpen: vi.fn(),
    onTrash: vi.fn(),
    onStartEdit: vi.fn(),
    onRename: vi.fn(),
  };
  render(
    <ul>
      <TaskRow
        task={task}
        now={new Date('2026-12-07T10:00:00Z')}
        selected={false}
        tabStop
        editing={false}
        readOnly={readOnly}
        {...handlers}
      />
    </ul>,
  );
  return handlers;
}

describe('TaskRow', () => {
  it('offers complete, rename and trash on a task the person may change', () => {
    const handlers = renderRow(aTask({ title: 'Mine' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Complete “Mine”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename “Mine”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move “Mine” to trash' }));
    expect(handlers.onToggle).toHaveBeenCalledTimes(1);
    expect(handlers.onStartEdit).toHaveBeenCalledWith(expect.any(String));
    expect(handlers.onTrash).toHaveBeenCalledTimes(1);
  });

  it('read-only (a viewer of its project): no complete, rename or trash controls; opening still works', () => {
    const handlers = renderRow(aTask({ title: 'Theirs', completed: true }), true);
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Rename/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /to trash$/ })).toBeNull();
    expect(screen.getByTestId('read-only-mark')).toBeTruthy();
    const title = screen.getByRole('button', { name: 'Theirs, completed. Open details' });
    fireEvent.doubleClick(title);
    expect(handlers.onStartEdit).not.toHaveBeenCalled();
    fireEvent.click(title);
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);
  });
});
