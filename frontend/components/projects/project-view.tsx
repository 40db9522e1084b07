'use client';

import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import Link from 'next/link';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { browserApi } from '@/lib/api/browser';
import { useMembers } from '@/lib/projects/members';
import { projectsStore, type Project } from '@/lib/projects/store';
import {
  descendantIds,
  previousSibling,
  visibleRows,
  type Row,
  type Section,
  type Task,
} from '@/lib/projects/tree';
import { AddTaskForm } from './add-task-form';
import { ProjectHeader } from './project-header';
import { AddTaskLine, SectionLine, TaskLine, type TaskLineHandlers } from './project-rows';
import { useProjectTasks } from './use-project-tasks';
import { useSections } from './use-sections';

const MoveDialog = lazy(() => import('./move-dialog'));
const VirtualRows = lazy(() => import('./virtual-rows'));

/**
 * Beyond this many rows only those near the screen are in the page. Drag and drop is off then (a row dragged past
 * the rendered ones would have nowhere to land): Move… and Tab / Shift+Tab do the same, and a note says so.
 */
export const VIRTUAL_FROM = 150;

interface Props {
  project: Project;
  initialSections: Section[];
  initialTasks: Task[];
  initialCursor: string | null;
  /** Completed tasks shown too (the URL's `?completed=show`). */
  initialShowCompleted?: boolean;
  /** The signed-in person (null while the API is away): the share dialog marks them and lets them leave. */
  userId?: string | null;
}

type Adding = {
  sectionId: string | null;
  parentId: string | null;
  afterKey: string | null;
  depth: number;
  label: string;
};
export type LineItem = Row | { kind: 'add'; key: string; adding: Adding };

/** A project: sections (collapsible), tasks in their manual order with subtasks, drag and drop, and Move…. */
export function ProjectView({
  project: initialProject,
  initialSections,
  initialTasks,
  initialCursor,
  initialShowCompleted = false,
  userId = null,
}: Props) {
  const [showCompleted, setShowCompleted] = useShowCompleted(initialProject.id, initialShowCompleted);
  const { project, deleted } = useLiveProject(initialProject);
  const { tree, live, loadingMore, add, complete, uncomplete, move, clearSection } = useProjectTasks(
    project.id,
    initialTasks,
    initialCursor,
    showCompleted,
  );
  const sections = useSections(project.id, initialSections);
  // A viewer reads: no add, edit, drag or move controls (the API would refuse them with 403).
  const readOnly = project.role === 'viewer';
  const anyAssigned = useMemo(
    () => [...tree.topLevel.values(), ...tree.children.values()].some((l) => l.some((t) => t.assigneeId)),
    [tree],
  );
  // Members are read for the initials of assignees: only where someone shares the project or a task is assigned.
  const members = useMembers(project.memberCount > 1 || anyAssigned ? project.id : null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<Adding | null>(null);
  const focusIdRef = useRef<string | null>(null);
  const [focusId, setFocusIdState] = useState<string | null>(null);
  const setFocusId = useCallback((id: string | null) => {
    focusIdRef.current = id;
    setFocusIdState(id);
  }, []);
  const [moving, setMoving] = useState<Task | null>(null);
  const moveOpener = useRef<HTMLElement | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const newSectionId = useId();

  // A task in a section this page does not know (made in another tab): read the sections again, once per such set.
  const unknownSections = useMemo(
    () =>
      [...tree.topLevel.keys()]
        .filter((id) => id && !sections.sections.some((s) => s.id === id))
        .sort()
        .join(','),
    [tree, sections.sections],
  );
  const refreshSections = sections.refresh;
  useEffect(() => {
    if (unknownSections) void refreshSections();
  }, [unknownSections, refreshSections]);

  const rows = useMemo(
    () => visibleRows(tree, sections.sections, collapsed),
    [tree, sections.sections, collapsed],
  );
  const items = useMemo<LineItem[]>(() => {
    if (!adding) return rows;
    const at = adding.afterKey === null ? -1 : rows.findIndex((r) => r.key === adding.afterKey);
    // After the parent's last visible descendant, or at the end of the section.
    let end = at;
    if (adding.afterKey !== null) {
      const base = rows[at];
      const depth = base?.kind === 'task' ? base.depth : 0;
      while (end + 1 < rows.length) {
        const next = rows[end + 1]!;
        if (next.kind === 'section' || (base?.kind === 'task' && next.depth <= depth)) break;
        end += 1;
      }
    }
    const parent = adding.parentId ? rows.find((r) => r.key === adding.parentId) : undefined;
    const depth = parent?.kind === 'task' ? parent.depth + 1 : 1;
    const line: LineItem = { kind: 'add', key: 'add', adding: { ...adding, depth } };
    return [...rows.slice(0, end + 1), line, ...rows.slice(end + 1)];
  }, [rows, adding]);

  const rowsRef = useRef(rows);
  const treeRef = useRef(tree);
  useEffect(() => {
    rowsRef.current = rows;
    treeRef.current = tree;
  });
  const virtual = items.length > VIRTUAL_FROM;
  // The long list's code is fetched before it is needed (a list about to grow past the limit), and when the list
  // switches to it, the row that had focus gets it back (its element is a new one).
  useEffect(() => {
    if (loadingMore || items.length > VIRTUAL_FROM / 2) void import('./virtual-rows');
  }, [loadingMore, items.length]);

  const sortableIds = useMemo(
    () => items.map((i) => (i.kind === 'section' ? `section:${i.key}` : i.key)),
    [items],
  );

  // After a move the row may be a new element (a virtualised list): focus it again, unless focus went on meanwhile.
  const focusRow = useCallback((id: string) => {
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      listRef.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(id)}"]`)?.focus();
    });
  }, []);

  useEffect(() => {
    const id = focusIdRef.current;
    if (id) focusRow(id);
  }, [virtual, focusRow]);

  const toggleFold = useCallback(
    (id: string) =>
      setCollapsed((all) => {
        const next = new Set(all);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );

  const indent = useCallback(
    (task: Task, inward: boolean) => {
      if (inward) {
        const above = previousSibling(tree, task);
        if (!above) return false;
        const last = tree.children.get(above.id)?.at(-1);
        void move(task, { parentId: above.id, ...(last ? { after: last.id } : {}) }).then(() =>
          focusRow(task.id),
        );
        if (collapsed.has(above.id)) toggleFold(above.id);
        return true;
      }
      if (!task.parentId) return false;
      const parent = tree.children.size ? findTask(tree, task.parentId) : undefined;
      if (!parent) return false;
      void move(task, {
        parentId: parent.parentId,
        ...(parent.parentId ? {} : { sectionId: parent.sectionId }),
        after: parent.id,
      }).then(() => focusRow(task.id));
      return true;
    },
    [collapsed, focusRow, move, toggleFold, tree],
  );

  const handlers: TaskLineHandlers = useMemo(
    () => ({
      onFocusRow: setFocusId,
      onToggleFold: toggleFold,
      onComplete: (task) => {
        if (task.completed) return void uncomplete(task);
        // The row leaves (unless completed ones show): focus goes on to the next task, or the one above.
        const all = rowsRef.current;
        const at = all.findIndex((r) => r.key === task.id);
        const inside = new Set(descendantIds(treeRef.current, task.id));
        const isNext = (r: Row | undefined) => r?.kind === 'task' && !inside.has(r.key);
        const after = all.slice(at + 1).find(isNext);
        const before = all.slice(0, Math.max(at, 0)).reverse().find(isNext);
        const next = (after ?? before)?.key;
        void complete(task);
        if (next) focusRow(next);
      },
      onAddSubtask: (task) => {
        if (collapsed.has(task.id)) toggleFold(task.id);
        setAdding({
          sectionId: task.sectionId,
          parentId: task.id,
          afterKey: task.id,
          depth: 0,
          label: `Add a subtask to “${task.title}”`,
        });
      },
      onMove: (task, opener) => {
        moveOpener.current = opener;
        setMoving(task);
      },
      onIndent: indent,
    }),
    [collapsed, complete, focusRow, uncomplete, indent, setFocusId, toggleFold],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const task = active.data.current?.task as Task | undefined;
    if (!task || !over || over.id === active.id) return;
    const overSection = over.data.current?.section as Section | undefined;
    if (overSection) {
      void move(task, { sectionId: overSection.id, parentId: null });
      return;
    }
    const target = over.data.current?.task as Task | undefined;
    if (!target || descendantIds(tree, task.id).includes(target.id)) return;
    const from = rows.findIndex((r) => r.key === task.id);
    const to = rows.findIndex((r) => r.key === target.id);
    const place = from < to ? { after: target.id } : { before: target.id };
    void move(task, {
      parentId: target.parentId,
      ...(target.parentId ? {} : { sectionId: target.sectionId }),
      ...place,
    });
  };

  const dragOff = virtual || readOnly;
  const firstTask = rows.find((r) => r.kind === 'task')?.key ?? null;
  const tabStop = focusId && rows.some((r) => r.key === focusId) ? focusId : firstTask;
  const renderLine = (item: LineItem, index: number, measureRef?: (el: HTMLElement | null) => void) => {
    if (item.kind === 'add') {
      const a = item.adding;
      return (
        <AddTaskLine
          key="add"
          label={a.label}
          depth={a.depth}
          onAdd={(title) =>
            add(
              a.parentId
                ? { title, parentId: a.parentId }
                : { title, sectionId: a.sectionId, parentId: null },
            )
          }
          onDone={() => setAdding(null)}
        />
      );
    }
    if (item.kind === 'section') {
      return (
        <SectionLine
          key={item.key}
          index={index}
          measureRef={measureRef}
          section={item.section}
          count={item.count}
          collapsed={item.collapsed}
          onToggleFold={toggleFold}
          onAddTask={(section) => {
            if (collapsed.has(section.id)) toggleFold(section.id);
            const last = [...rows]
              .reverse()
              .find((r) => r.kind === 'task' && r.task.sectionId === section.id);
            setAdding({
              sectionId: section.id,
              parentId: null,
              afterKey: last?.key ?? section.id,
              depth: 1,
              label: `Add a task to section “${section.name}”`,
            });
          }}
          readOnly={readOnly}
          onRename={(section, name) => void sections.rename(section, name)}
          onDelete={(section) => {
            // Its button leaves with it: focus goes to the field that adds a section.
            document.getElementById(newSectionId)?.focus();
            void sections.remove(section).then((ok) => {
              // Its tasks stay, outside any section: applied here, no need to read the project again.
              if (ok) clearSection(section.id);
            });
          }}
        />
      );
    }
    return (
      <TaskLine
        key={item.key}
        index={index}
        measureRef={measureRef}
        task={item.task}
        depth={item.depth}
        childCount={item.childCount}
        collapsed={item.collapsed}
        tabStop={item.key === tabStop}
        draggable={!dragOff}
        readOnly={readOnly}
        assignee={item.task.assigneeId ? members?.find((m) => m.userId === item.task.assigneeId) : undefined}
        {...handlers}
      />
    );
  };

  if (deleted) return <ProjectGone name={project.name} owner={project.role === 'owner'} />;

  return (
    <div className="px-4 pb-24 sm:px-6" ref={listRef} data-testid="project-page" data-live={live}>
      <ProjectHeader project={project} userId={userId} titleOf={(id) => findTask(tree, id)?.title} />
      {readOnly ? (
        <p className="mt-2 text-sm text-muted" data-testid="viewer-note">
          You can view this project. Only its owner and editors can change it.
        </p>
      ) : (
        <AddTaskForm
          className="mt-4"
          label={`Add a task to ${project.name}`}
          onAdd={(title) => add({ title, sectionId: null, parentId: null })}
        />
      )}
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <label className="inline-flex min-h-11 cursor-pointer items-center gap-2">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={showCompleted}
            onChange={(e) => setShowCompleted(e.target.checked)}
          />
          Show completed
        </label>
        {virtual && !readOnly ? (
          <p className="text-muted" data-testid="drag-off-note">
            Drag and drop is off in lists this long: use a task’s Move… button, or Tab and Shift+Tab.
          </p>
        ) : null}
      </div>
      <p className="sr-only">
        {readOnly ? 'In the list, ↑ and ↓ move between tasks.' : ''}
        {readOnly ? null : (
          <>
            In the list, ↑ and ↓ move between tasks, → and ← between a task’s buttons, Tab makes a task a
            subtask of the one above and Shift+Tab takes it out again.
          </>
        )}
      </p>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={sortableIds} strategy={verticalListSortingStrategy}>
          <div
            onKeyDown={(e) => {
              if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
              const row = (e.target as HTMLElement).closest<HTMLElement>('[data-task-id]');
              if (!row || row !== e.target) return;
              const all = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-task-id]')];
              const next = all[all.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
              if (next) {
                e.preventDefault();
                next.focus();
              }
            }}
          >
            {virtual ? (
              <Suspense fallback={<PlainRows items={items.slice(0, 40)} renderLine={renderLine} />}>
                <VirtualRows items={items} renderLine={renderLine} />
              </Suspense>
            ) : (
              <PlainRows items={items} renderLine={renderLine} />
            )}
          </div>
        </SortableContext>
      </DndContext>
      {rows.length === 0 && !loadingMore ? (
        <p className="mt-6 text-muted">
          {showCompleted ? 'No tasks in this project.' : 'No open tasks in this project.'}
        </p>
      ) : null}
      {loadingMore ? (
        <p className="mt-4 text-sm text-muted" data-testid="loading-more">
          Reading more tasks…
        </p>
      ) : null}
      {readOnly ? null : <AddSection onAdd={sections.add} inputId={newSectionId} />}
      {moving ? (
        <Suspense fallback={null}>
          <MoveDialog
            task={moving}
            projectId={project.id}
            sections={sections.sections}
            onMove={(body) => move(moving, body)}
            onClose={() => {
              const task = moving;
              setMoving(null);
              const opener = moveOpener.current;
              if (opener?.isConnected) return opener.focus();
              // The task left this project (or its row is a new element): its row, else the list's first task.
              requestAnimationFrame(() => {
                const list = listRef.current;
                const again = list?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(task.id)}"]`);
                (again ?? list?.querySelector<HTMLElement>('[data-task-id]'))?.focus();
              });
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

/** Show completed: in the URL (`?completed=show`, so the server renders them) and remembered for the project. */
function useShowCompleted(projectId: string, initial: boolean) {
  const key = `todo.project.${projectId}.showCompleted`;
  const [show, setShow] = useState(initial);
  const set = useCallback(
    (next: boolean) => {
      setShow(next);
      try {
        if (next) localStorage.setItem(key, '1');
        else localStorage.removeItem(key);
      } catch {
        // Storage off: the URL still says it.
      }
      const url = new URL(window.location.href);
      if (next) url.searchParams.set('completed', 'show');
      else url.searchParams.delete('completed');
      window.history.replaceState(window.history.state, '', url);
    },
    [key],
  );
  // Opened without the URL saying so (from the sidebar): what this browser remembers for the project.
  useEffect(() => {
    if (initial) return;
    let remembered = false;
    try {
      remembered = localStorage.getItem(key) === '1';
    } catch {
      // Storage off.
    }
    // Browser storage is only readable after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (remembered) set(true);
  }, [initial, key, set]);
  return [show, set] as const;
}

/**
 * The project as the sidebar's list has it (renamed or recoloured in another tab shows here too); when that list no
 * longer has it, the API is asked, and a 404 means it was deleted (elsewhere).
 */
function useLiveProject(initial: Project) {
  const projects = useSyncExternalStore(projectsStore.subscribe, projectsStore.snapshot, () => null);
  const listed = projects?.find((p) => p.id === initial.id);
  const [deleted, setDeleted] = useState(false);
  const missing = projects !== null && !listed;
  useEffect(() => {
    if (!missing) return;
    let cancelled = false;
    void (async () => {
      try {
        const api = await browserApi();
        const { response } = await api.GET('/api/v1/projects/{id}', { params: { path: { id: initial.id } } });
        if (!cancelled && (response.status === 404 || response.status === 403)) setDeleted(true);
      } catch {
        // Offline: keep showing what we have.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [missing, initial.id]);
  return { project: listed ?? initial, deleted };
}

function ProjectGone({ name, owner }: { name: string; owner: boolean }) {
  if (!owner) {
    // The API says the same 404 whether the owner deleted it or removed this person: both are said.
    return (
      <div className="px-4 py-8 sm:px-6" role="alert">
        <h1 className="text-2xl font-semibold tracking-tight break-words">
          “{name}” is no longer shared with you
        </h1>
        <p className="mt-2 text-muted">Its owner removed you from it, or deleted it.</p>
        <p className="mt-4">
          <Link className="btn-primary" href="/tasks">
            Go to your tasks
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="px-4 py-8 sm:px-6" role="alert">
      <h1 className="text-2xl font-semibold tracking-tight break-words">“{name}” was deleted</h1>
      <p className="mt-2 text-muted">
        It was deleted, perhaps in another tab or on another device. Its tasks went to the trash with it,
        where you can restore them.
      </p>
      <p className="mt-4 flex flex-wrap gap-2">
        <Link className="btn-primary" href="/trash">
          Open the trash
        </Link>
        <Link className="btn-ghost border border-border" href="/tasks">
          Go to the Inbox
        </Link>
      </p>
    </div>
  );
}

function findTask(tree: ReturnType<typeof useProjectTasks>['tree'], id: string): Task | undefined {
  for (const list of [...tree.children.values(), ...tree.topLevel.values()]) {
    const found = list.find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}

export type RenderLine = (
  item: LineItem,
  index: number,
  measureRef?: (el: HTMLElement | null) => void,
) => React.ReactNode;

function PlainRows({ items, renderLine }: { items: LineItem[]; renderLine: RenderLine }) {
  return (
    <ul className="mt-3 flex flex-col" aria-label="Tasks" data-testid="project-rows">
      {items.map((item, i) => renderLine(item, i))}
    </ul>
  );
}

function AddSection({ onAdd, inputId }: { onAdd: (name: string) => Promise<boolean>; inputId: string }) {
  const [name, setName] = useState('');
  return (
    <form
      className="mt-8 flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) return;
        void onAdd(trimmed).then((ok) => ok && setName(''));
      }}
    >
      <input
        id={inputId}
        className="field"
        value={name}
        maxLength={120}
        aria-label="New section name"
        placeholder="New section"
        onChange={(e) => setName(e.target.value)}
      />
      <button className="btn-ghost shrink-0 border border-border whitespace-nowrap">Add section</button>
    </form>
  );
}
