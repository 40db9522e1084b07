// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectPicker } from './project-picker';

afterEach(cleanup);

const projects = [
  { id: 'p1', name: 'Flat' },
  { id: 'p2', name: 'Garden' },
];

describe('ProjectPicker', () => {
  it('offers all projects first, then each by name, and reports the picked id', () => {
    const onChange = vi.fn();
    render(<ProjectPicker id="pick" label="Tasks from" projects={projects} value="" onChange={onChange} />);
    const select = screen.getByLabelText('Tasks from') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['', 'All projects'],
      ['p1', 'Flat'],
      ['p2', 'Garden'],
    ]);
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: 'p2' } });
    expect(onChange).toHaveBeenCalledWith('p2');
  });

  it('shows the picked project', () => {
    render(<ProjectPicker id="pick" label="Changes in" projects={projects} value="p1" onChange={() => {}} />);
    expect((screen.getByLabelText('Changes in') as HTMLSelectElement).value).toBe('p1');
  });
});
