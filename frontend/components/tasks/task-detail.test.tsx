// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aTask } from '@/lib/tasks/task.factory';
import { TaskDetail } from './task-detail';

afterEach(cleanup);

describe('TaskDetail', () => {
  it('shows field errors next to the field and does not save an empty title', async () => {
    const onSave = vi.fn();
    render(
      <TaskDetail
        task={aTask({ title: 'Write report' })}
        allTags={[]}
        conflict={null}
        onSave={onSave}
        onClose={() => {}}
        onTrash={() => {}}
      />,
    );
    const title = screen.getByLabelText('Title');
    fireEvent.change(title, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Give the task a title.')).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('suggests existing tags and saves only the changes', async () => {
    const task = aTask({ title: 'Groceries', tags: [] });
    const onSave = vi.fn().mockResolvedValue('ok');
    const onClose = vi.fn();
    render(
      <TaskDetail
        task={task}
        allTags={['home', 'work']}
        conflict={null}
        onSave={onSave}
        onClose={onClose}
        onTrash={() => {}}
      />,
    );
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'ho' } });
    fireEvent.click(screen.getByRole('button', { name: '+ #home' }));
    fireEvent.click(screen.getByRole('radio', { name: 'High' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledWith(task, { tags: ['home'], priority: 'high' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('explains a conflict', () => {
    const task = aTask({ version: 5 });
    render(
      <TaskDetail
        task={task}
        allTags={[]}
        conflict={task}
        onSave={vi.fn()}
        onClose={() => {}}
        onTrash={() => {}}
      />,
    );
    expect(screen.getByTestId('conflict-message').textContent).toMatch(/Someone else changed this task/);
  });
});
