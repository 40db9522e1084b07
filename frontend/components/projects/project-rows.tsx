'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import Link from 'next/link';
import { memo, useState } from 'react';
import { Icon } from '@/components/ui/icons';
import { Avatar } from '@/components/ui/avatar';
import type { Member } from '@/lib/projects/members';
import type { Section, Task } from '@/lib/projects/tree';
import { AddTaskForm } from './add-task-form';

export interface TaskLineHandlers {
  onFocusRow: (id: string) => void;
  onToggleFold: (id: string) => void;
  onComplete: (task: Task) => void;
  onAddSubtask: (task: Task) => void;
  onMove: (task: Task, opener: HTMLElement) => void;
  /** Tab (true) and Shift+Tab (false) on the row; false when the change is not possible (Tab then moves on). */
  onIndent: (task: Task, indent: boolean) => boolean;
}

interface TaskLineProps extends TaskLineHandlers {
  task: Task;
  depth: number;
  childCount: number;
  collapsed: boolean;
  tabStop: boolean;
  /** Off in long (virtualised) lists and for viewers: the grip is not shown. */
  draggable?: boolean;
  /** A viewer's row: no complete, add or move controls. */
  readOnly?: boolean;
  /** Who it is assigned to, when the project's members are read. */
  assignee?: Member;
  measureRef?: (el: HTMLElement | null) => void;
  index?: number;
}

/**
 * Indentation per level as classes, not a style attribute: the CSP (no 'unsafe-inline' styles) drops style
 * attributes in the server's HTML, so an inline padding would show only after a client render.
 */
// Half the step on a phone, so a 4th-level title still has room for its words.
const INDENT = ['', 'pl-3 sm:pl-6', 'pl-6 sm:pl-12', 'pl-9 sm:pl-18', 'pl-12 sm:pl-24'];
const indentOf = (depth: number) => INDENT[Math.min(Math.max(depth - 1, 0), INDENT.length - 1)];

/** Moves focus between a row's buttons with → and ←, and back to the row from the first one. */
function arrowBetweenControls(e: React.KeyboardEvent<HTMLElement>) {
  const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')];
  const at = controls.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'ArrowRight' ? controls[at + 1] : at === 0 ? e.currentTarget : controls[at - 1];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

/** One task of the project: fold, complete, its title, add a subtask, move; drag by the handle. */
export const TaskLine = memo(function TaskLine(p: TaskLineProps) {
  const { task, depth, childCount, collapsed } = p;
  const draggable = p.draggable !== false;
  const sortable = useSortable({ id: task.id, data: { task }, disabled: !draggable });
  const done = task.completed;
  const readOnly = p.readOnly === true;
  const label = `${task.title}${done ? ', completed' : ''}${p.assignee ? `, assigned to ${p.assignee.name}` : ''}${depth > 1 ? `, subtask level ${depth}` : ''}${childCount ? `, ${childCount} ${childCount === 1 ? 'subtask' : 'subtasks'}` : ''}`;
  return (
    <li
      ref={(el) => {
        sortable.setNodeRef(el);
        p.measureRef?.(el);
      }}
      data-index={p.index}
      data-testid="project-task"
      data-task-id={task.id}
      data-depth={depth}
      tabIndex={p.tabStop ? 0 : -1}
      aria-label={label}
      style={{
        transform: CSS.Translate.toString(sortable.transform),
        transition: sortable.transition,
      }}
      onFocus={(e) => {
        if (e.target === e.currentTarget) p.onFocusRow(task.id);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') arrowBetweenControls(e);
        else if (e.key === 'Escape' && e.target !== e.currentTarget) e.currentTarget.focus();
        else if (
          e.key === 'Tab' &&
          !readOnly &&
          e.target === e.currentTarget &&
          !e.altKey &&
          !e.ctrlKey &&
          !e.metaKey
        ) {
          if (p.onIndent(task, !e.shiftKey)) e.preventDefault();
        }
      }}
      className={`flex items-center gap-1 rounded-lg border-b border-border bg-surface pr-1 ${indentOf(depth)} ${sortable.isDragging ? 'relative z-10 opacity-80 shadow-lg' : ''}`}
    >
      {draggable ? (
        <button
          type="button"
          className="btn-ghost min-h-11 min-w-11 cursor-grab touch-none px-2 text-muted"
          {...sortable.attributes}
          {...sortable.listeners}
          tabIndex={-1}
          aria-label={`Drag “${task.title}”`}
          aria-roledescription="draggable task"
        >
          <Icon name="grip" className="h-4 w-4" />
        </button>
      ) : (
        <span className="w-8 shrink-0 sm:w-11" aria-hidden="true" />
      )}
      {childCount > 0 ? (
        <button
          type="button"
          tabIndex={-1}
          className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
          aria-expanded={!collapsed}
          aria-label={`${collapsed ? 'Show' : 'Hide'} the subtasks of “${task.title}”`}
          onClick={() => p.onToggleFold(task.id)}
        >
          <Icon name={collapsed ? 'chevron-right' : 'chevron-down'} className="h-4 w-4" />
        </button>
      ) : (
        <span className="w-8 shrink-0 sm:w-11" aria-hidden="true" />
      )}
      {readOnly ? (
        <span
          className={`flex min-h-11 min-w-11 items-center justify-center ${done ? 'text-ok' : 'text-muted'}`}
        >
          <StatusMark done={done} />
        </span>
      ) : (
        <button
          type="button"
          tabIndex={-1}
          className={`btn-ghost min-h-11 min-w-11 px-2 ${done ? 'text-ok' : 'text-muted hover:text-ok'}`}
          aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
          onClick={() => p.onComplete(task)}
        >
          <StatusMark done={done} />
        </button>
      )}
      <span className={`min-w-0 flex-1 py-2 break-words ${done ? 'text-muted line-through' : ''}`}>
        <Link
          href={`/tasks/${task.id}`}
          // A project page can show thousands of rows: no prefetch of each one's details.
          prefetch={false}
          tabIndex={-1}
          className="hover:underline"
          data-testid="task-title"
          aria-label={`${task.title}. Open details`}
        >
          {task.title}
        </Link>
        {collapsed && childCount ? <span className="ml-2 text-xs text-muted">+{childCount}</span> : null}
      </span>
      {p.assignee ? <Avatar member={p.assignee} /> : null}
      {readOnly ? null : <RowEditControls task={task} onAddSubtask={p.onAddSubtask} onMove={p.onMove} />}
    </li>
  );
});

function StatusMark({ done }: { done: boolean }) {
  return done ? (
    <Icon name="check" className="h-5 w-5" />
  ) : (
    <span aria-hidden="true" className="h-5 w-5 rounded-full border-2 border-current" />
  );
}

function RowEditControls({
  task,
  onAddSubtask,
  onMove,
}: Pick<TaskLineHandlers, 'onAddSubtask' | 'onMove'> & { task: Task }) {
  return (
    <>
      <button
        type="button"
        tabIndex={-1}
        className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
        aria-label={`Add a subtask to “${task.title}”`}
        onClick={() => onAddSubtask(task)}
      >
        <Icon name="plus" className="h-4 w-4" />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="btn-ghost min-h-11 min-w-11 px-2 text-muted sm:px-3"
        aria-label={`Move “${task.title}”…`}
        aria-haspopup="dialog"
        onClick={(e) => onMove(task, e.currentTarget)}
      >
        <Icon name="move" className="h-4 w-4 sm:hidden" />
        <span className="hidden sm:inline">Move…</span>
      </button>
    </>
  );
}

interface SectionLineProps {
  section: Section;
  count: number;
  collapsed: boolean;
  measureRef?: (el: HTMLElement | null) => void;
  index?: number;
  /** A viewer's heading: no add, rename or delete. */
  readOnly?: boolean;
  onToggleFold: (id: string) => void;
  onAddTask: (section: Section) => void;
  onRename: (section: Section, name: string) => void;
  onDelete: (section: Section) => void;
}

/** A section's heading: fold, its name (renamed in place), add a task to it, delete it. */
export const SectionLine = memo(function SectionLine(p: SectionLineProps) {
  const { section, count, collapsed } = p;
  const [renaming, setRenaming] = useState(false);
  const sortable = useSortable({
    id: `section:${section.id}`,
    data: { section },
    disabled: { draggable: true, droppable: false },
  });
  return (
    <li
      ref={(el) => {
        sortable.setNodeRef(el);
        p.measureRef?.(el);
      }}
      data-index={p.index}
      data-testid="project-section"
      data-section-id={section.id}
      className={`mt-4 flex items-center gap-1 border-b-2 border-border pb-1 ${sortable.isOver ? 'bg-accent-soft' : ''}`}
    >
      <button
        type="button"
        className="btn-ghost min-h-11 min-w-11 px-2"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Expand' : 'Collapse'} section “${section.name}”`}
        onClick={() => p.onToggleFold(section.id)}
      >
        <Icon name={collapsed ? 'chevron-right' : 'chevron-down'} className="h-4 w-4" />
      </button>
      {renaming ? (
        <form
          className="flex flex-1 gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
            setRenaming(false);
            if (name && name !== section.name) p.onRename(section, name);
          }}
        >
          <input
            name="name"
            className="field"
            defaultValue={section.name}
            maxLength={120}
            aria-label={`New name for section “${section.name}”`}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setRenaming(false);
              }
            }}
          />
          <button className="btn-primary">Save</button>
        </form>
      ) : (
        <h2 className="min-w-0 flex-1 font-semibold break-words">
          {section.name} <span className="text-sm font-normal text-muted">{count}</span>
        </h2>
      )}
      {p.readOnly ? null : <SectionEditControls {...p} onRenaming={() => setRenaming(true)} />}
    </li>
  );
});

function SectionEditControls(p: SectionLineProps & { onRenaming: () => void }) {
  const { section } = p;
  return (
    <>
      <button
        type="button"
        className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
        aria-label={`Add a task to section “${section.name}”`}
        onClick={() => p.onAddTask(section)}
      >
        <Icon name="plus" className="h-4 w-4" />
      </button>
      <button
        type="button"
        className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
        aria-label={`Rename section “${section.name}”`}
        onClick={p.onRenaming}
      >
        <Icon name="pencil" className="h-4 w-4" />
      </button>
      <button
        type="button"
        className="btn-ghost min-h-11 min-w-11 px-2 text-muted hover:text-danger"
        aria-label={`Delete section “${section.name}”`}
        onClick={() => p.onDelete(section)}
      >
        <Icon name="trash" className="h-4 w-4" />
      </button>
    </>
  );
}

/** The form that adds a task where it stands: in a section, or as a subtask. */
export function AddTaskLine({
  label,
  depth,
  onAdd,
  onDone,
}: {
  label: string;
  depth: number;
  onAdd: (title: string) => Promise<unknown>;
  onDone: () => void;
}) {
  return (
    <li className={`py-1 ${indentOf(depth)}`}>
      <AddTaskForm label={label} onAdd={onAdd} onCancel={onDone} />
    </li>
  );
}
