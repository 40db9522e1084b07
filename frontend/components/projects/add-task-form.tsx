'use client';

import { useState } from 'react';

interface Props {
  /** The field's name and placeholder: where the task goes. */
  label: string;
  onAdd: (title: string) => Promise<unknown>;
  /** An add form that can be dismissed (Esc and a Cancel button); the project's top one cannot. */
  onCancel?: () => void;
  className?: string;
}

/** The one-line form that adds a task: at the top of a project, in a section, or as a subtask. */
export function AddTaskForm({ label, onAdd, onCancel, className = '' }: Props) {
  const [title, setTitle] = useState('');
  return (
    <form
      className={`flex gap-2 ${className}`}
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = title.trim();
        if (!trimmed) return;
        setTitle('');
        void onAdd(trimmed);
      }}
    >
      <input
        className="field"
        value={title}
        aria-label={label}
        placeholder={label}
        // A dismissible form is opened by a button, for typing at once.
        autoFocus={Boolean(onCancel)}
        maxLength={500}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onCancel) {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      <button className="btn-primary shrink-0">Add</button>
      {onCancel ? (
        <button type="button" className="btn-ghost shrink-0" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}
