// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Task } from '@todo/openapi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aTask } from '@/lib/tasks/task.factory';
import { TaskDetail } from './task-detail';
import type { EditPatch, EditResult } from './use-tasks';

// The comment thread under the form reads the API and the live stream; it is tested end to end
// (e2e/collaboration.spec.ts). These tests are about the form.
vi.mock('./task-comments', () => ({ TaskComments: () => null }));

afterEach(cleanup);

/** An API that takes every edit: the saved task is the base with the patch and the next version. */
const accepting = () =>
  vi.fn(async (base: Task, patch: EditPatch): Promise<EditResult> => ({
    status: 'ok',
    task: { ...base, ...patch, version: base.version + 1 },
  }));

function renderDetail(
  task: Task,
  onSave = accepting(),
  over: { onClose?: () => void; allTags?: string[] } = {},
) {
  const onClose = over.onClose ?? vi.fn();
  render(
    <TaskDetail
      task={task}
      allTags={over.allTags ?? []}
      conflict={null}
      onSave={onSave}
      onClose={onClose}
      onTrash={() => {}}
    />,
  );
  return { onSave, onClose };
}

describe('TaskDetail', () => {
  it('shows field errors next to the field and does not save an empty title', async () => {
    const { onSave } = renderDetail(aTask({ title: 'Write report' }));
    const title = screen.getByLabelText('Title');
    fireEvent.change(title, { target: { value: '   ' } });
    expect(await screen.findByText('Give the task a title.', {}, { timeout: 2000 })).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('save-state').textContent).toMatch(/Not saved/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves each change as it is made, with If-Match from the version the last save produced', async () => {
    const task = aTask({ title: 'Groceries', tags: [], version: 4 });
    const { onSave, onClose } = renderDetail(task, accepting(), { allTags: ['home', 'work'] });
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'ho' } });
    fireEvent.click(screen.getByRole('button', { name: '+ #home' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]).toEqual([task, { tags: ['home'] }]);
    await vi.waitFor(() => expect(screen.getByTestId('save-state').textContent).toBe('Saved'));
    fireEvent.click(screen.getByRole('radio', { name: 'High' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave.mock.calls[1]![0].version).toBe(5);
    expect(onSave.mock.calls[1]![1]).toEqual({ priority: 'high' });
    expect(onClose).not.toHaveBeenCalled();
  });

  it('waits a moment while typing, and closing saves what waits before the panel goes', async () => {
    const task = aTask({ description: null });
    const order: string[] = [];
    const onSave = vi.fn(async (base: Task, patch: EditPatch): Promise<EditResult> => {
      order.push(`save ${JSON.stringify(patch)}`);
      return { status: 'ok', task: { ...base, ...patch, version: base.version + 1 } };
    });
    renderDetail(task, onSave, { onClose: () => order.push('close') });
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: 'Call the venue' } });
    expect(screen.getByTestId('save-state').textContent).toBe('Saving…');
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByLabelText('Notes'), { key: 'Escape' });
    await vi.waitFor(() => expect(order).toEqual(['save {"description":"Call the venue"}', 'close']));
  });

  it('Revert puts back the values the panel opened with, and saves them', async () => {
    const task = aTask({ title: 'Plan', priority: 'low', version: 2 });
    const { onSave } = renderDetail(task);
    const revert = screen.getByRole('button', { name: 'Revert changes' });
    expect(revert.hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'High' }));
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Plan the trip' } });
    // Done saves what waits (both changes, in one request since the title came before the first save).
    await act(() => screen.getByRole('button', { name: 'Done' }).click());
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]![1]).toEqual({ title: 'Plan the trip', priority: 'high' });
    fireEvent.click(revert);
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave.mock.calls[1]![0].version).toBe(3);
    expect(onSave.mock.calls[1]![1]).toEqual({ title: 'Plan', priority: 'low' });
    expect((screen.getByLabelText('Title') as HTMLTextAreaElement).value).toBe('Plan');
  });

  it('on a conflict shows their version in the form and the person’s beside it; Use my version saves the person’s values over theirs', async () => {
    const task = aTask({ title: 'Plan the trip', description: null, version: 1 });
    const theirs = { ...task, description: 'Booked the train already', version: 2 };
    const onSave = vi
      .fn<(base: Task, patch: EditPatch) => Promise<EditResult>>()
      .mockResolvedValueOnce({ status: 'conflict', task: theirs })
      .mockImplementation(async (base, patch) => ({
        status: 'ok',
        task: { ...base, ...patch, version: base.version + 1 },
      }));
    const { onClose } = renderDetail(task, onSave);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Plan the trip to Lisbon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    const message = await screen.findByTestId('conflict-message');
    expect(message.textContent).toMatch(/Someone else changed this task/);
    expect(screen.getByTestId('conflict-mine').textContent).toBe('Title:Plan the trip to Lisbon');
    expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe('Booked the train already');
    expect((screen.getByLabelText('Title') as HTMLTextAreaElement).value).toBe('Plan the trip');
    expect(onClose).not.toHaveBeenCalled(); // the panel stays, so both versions can be seen

    fireEvent.click(screen.getByRole('button', { name: 'Use my version' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave.mock.calls[1]).toEqual([theirs, { title: 'Plan the trip to Lisbon' }]);
    expect(screen.queryByTestId('conflict-message')).toBeNull();
  });

  it('read-only (a viewer of its project): shows the task with no field to change, no revert or trash', () => {
    const onSave = accepting();
    const onTrash = vi.fn();
    render(
      <TaskDetail
        task={aTask({ title: 'Look only', tags: ['home'] })}
        allTags={['home', 'work']}
        conflict={null}
        onSave={onSave}
        onClose={() => {}}
        onTrash={onTrash}
        readOnly
      />,
    );
    expect(screen.getByTestId('viewer-note').textContent).toMatch(/You can view this task/);
    const title = screen.getByLabelText('Title') as HTMLTextAreaElement;
    expect(title.value).toBe('Look only');
    for (const field of [title, screen.getByLabelText('Notes'), screen.getByLabelText('Tags')])
      expect((field as HTMLInputElement).matches(':disabled')).toBe(true);
    expect(screen.getByRole('radio', { name: 'High' }).matches(':disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Remove tag home' }).matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Revert changes' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Move to trash/ })).toBeNull();
    // Done still closes the panel.
    expect(screen.getByRole('button', { name: 'Done' }).matches(':disabled')).toBe(false);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('explains a conflict met by another change of this task', () => {
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
