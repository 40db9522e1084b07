'use client';

import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { browserApi } from '@/lib/api/browser';
import { projectsStore } from '@/lib/projects/store';
import type { Section, Task } from '@/lib/projects/tree';
import type { MoveBody } from './use-project-tasks';

interface Props {
  task: Task;
  projectId: string;
  /** The current project's sections (other projects' are read when chosen). */
  sections: Section[];
  onMove: (body: MoveBody) => Promise<boolean>;
  onClose: () => void;
}

/**
 * Moves a task without dragging: to a project, a section, under a parent (or to the top level), first or last.
 * Its subtasks go with it (the API carries them).
 */
export default function MoveDialog({ task, projectId, sections, onMove, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const projects = useSyncExternalStore(
    projectsStore.subscribe,
    projectsStore.snapshot,
    projectsStore.snapshot,
  );
  const [target, setTarget] = useState(task.projectId);
  const [otherSections, setOtherSections] = useState<{ projectId: string; items: Section[] } | null>(null);
  const targetSections =
    target === projectId ? sections : otherSections?.projectId === target ? otherSections.items : [];
  const [sectionId, setSectionId] = useState<string>(task.sectionId ?? '');
  const [parents, setParents] = useState<Task[]>([]);
  const [parentId, setParentId] = useState<string>(task.parentId ?? '');
  const [place, setPlace] = useState<'last' | 'first'>('last');
  const [busy, setBusy] = useState(false);

  // Closing the element (not unmounting it) fires its close event once the page is no longer inert, so the
  // parent can give focus back to the button that opened it.
  const finish = () => ref.current?.close();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    if (!projectsStore.snapshot()) void projectsStore.refresh();
  }, []);

  // The chosen project's sections.
  useEffect(() => {
    if (target === projectId) return;
    let cancelled = false;
    void (async () => {
      const api = await browserApi();
      const { data } = await api.GET('/api/v1/projects/{id}/sections', { params: { path: { id: target } } });
      if (!cancelled) setOtherSections({ projectId: target, items: data?.items ?? [] });
    })();
    return () => {
      cancelled = true;
    };
  }, [target, projectId]);

  // The top-level tasks of the chosen section: the parents it can go under.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const api = await browserApi();
      const { data } = await api.GET('/api/v1/tasks', {
        params: {
          query: {
            projectId: target,
            sectionId: sectionId || 'none',
            parentId: 'none',
            completed: 'false',
            sort: 'position',
            limit: 100,
          },
        },
      });
      if (!cancelled) setParents((data?.items ?? []).filter((t) => t.id !== task.id));
    })();
    return () => {
      cancelled = true;
    };
  }, [target, sectionId, task.id]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const body: MoveBody = { projectId: target, parentId: parentId || null };
    if (!parentId) body.sectionId = sectionId || null;
    if (place === 'first') {
      const first = parentId ? await firstChild(target, parentId, task.id) : parents[0];
      if (first) body.before = first.id;
    }
    const ok = await onMove(body);
    setBusy(false);
    if (ok) finish();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id={`${id}-title`} className="mb-4 text-lg font-semibold">
        Move “{task.title}”
      </h2>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <div>
          <label className="label" htmlFor={`${id}-project`}>
            Project
          </label>
          <select
            id={`${id}-project`}
            className="field"
            value={target}
            autoFocus
            onChange={(e) => {
              setTarget(e.target.value);
              setSectionId('');
              setParentId('');
            }}
          >
            {(projects ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${id}-section`}>
            Section
          </label>
          <select
            id={`${id}-section`}
            className="field"
            value={sectionId}
            disabled={Boolean(parentId)}
            onChange={(e) => {
              setSectionId(e.target.value);
              setParentId('');
            }}
          >
            <option value="">No section</option>
            {targetSections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${id}-parent`}>
            Subtask of
          </label>
          <select
            id={`${id}-parent`}
            className="field"
            value={parentId}
            onChange={(e) => setParentId(e.target.value)}
          >
            <option value="">None (a task of its own)</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="label">Position</legend>
          <div className="flex gap-2">
            {(['first', 'last'] as const).map((value) => (
              <label key={value} className="flex min-h-11 items-center gap-2 pr-4">
                <input
                  type="radio"
                  name="place"
                  className="h-5 w-5 accent-accent"
                  checked={place === value}
                  onChange={() => setPlace(value)}
                />
                {value === 'first' ? 'First' : 'Last'}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-ghost" onClick={finish}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy}>
            Move
          </button>
        </div>
      </form>
    </dialog>
  );
}

async function firstChild(projectId: string, parentId: string, except: string): Promise<Task | undefined> {
  const api = await browserApi();
  const { data } = await api.GET('/api/v1/tasks', {
    params: { query: { projectId, parentId, completed: 'false', sort: 'position', limit: 2 } },
  });
  return data?.items.find((t) => t.id !== except);
}
