'use client';

import { generateKeyBetween } from 'fractional-indexing';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useMutation } from '@/components/use-mutation';
import { useToasts } from '@/components/ui/toaster';
import type { Refusal } from '@/lib/api/mutation';
import { problemMessage } from '@/lib/api/problem';
import {
  COLOR_DOT,
  PROJECT_COLORS,
  projectsStore,
  type Project,
  type ProjectColor,
} from '@/lib/projects/store';
import type { DialogTarget } from './projects-nav';

interface Props {
  target: DialogTarget;
  /** The projects after the Inbox, in their order (for moving up and down). */
  projects: Project[];
  onClose: () => void;
}

/** Creates a project, or renames, recolours, reorders and deletes one (to the trash, with Undo). */
export default function ProjectDialog({ target, projects, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const run = useMutation();
  const toasts = useToasts();
  const router = useRouter();
  const pathname = usePathname();
  const editing =
    target.mode === 'edit' ? (projects.find((p) => p.id === target.project.id) ?? target.project) : null;
  const [name, setName] = useState(editing?.name ?? '');
  const [color, setColor] = useState<ProjectColor | null>(editing?.color ?? null);
  const [busy, setBusy] = useState(false);

  // Closing the element (not unmounting it) fires its close event once the page is no longer inert, so the
  // parent can give focus back to the button that opened it.
  const finish = () => ref.current?.close();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy(true);
    const result = editing
      ? await run({
          send: (api) =>
            api.PATCH('/api/v1/projects/{id}', {
              params: { path: { id: editing.id }, header: { 'If-Match': String(editing.version) } },
              body: { name: trimmed, color },
            }),
          refused: projectRefusal(editing.name, 'save your changes to'),
        })
      : await run({
          send: (api) =>
            api.POST('/api/v1/projects', { body: { name: trimmed, ...(color ? { color } : {}) } }),
          refused: `Could not create “${trimmed}”`,
        });
    setBusy(false);
    await projectsStore.refresh();
    if (!result.ok) return;
    finish();
    if (!editing && result.data && 'id' in result.data) router.push(`/projects/${result.data.id}`);
  };

  const move = async (by: -1 | 1) => {
    if (!editing) return;
    const index = projects.findIndex((p) => p.id === editing.id);
    const [low, high] =
      by < 0
        ? [projects[index - 2]?.position ?? null, projects[index - 1]?.position]
        : [projects[index + 1]?.position, projects[index + 2]?.position ?? null];
    if (low === undefined || high === undefined) return;
    let position: string;
    try {
      position = generateKeyBetween(low, high);
    } catch {
      return;
    }
    // Shown moved at once; the API's answer (or a refusal) settles it.
    const previous = projectsStore.snapshot();
    if (previous) {
      projectsStore.set(
        [...previous.map((p) => (p.id === editing.id ? { ...p, position } : p))].sort((a, b) =>
          a.isInbox !== b.isInbox
            ? a.isInbox
              ? -1
              : 1
            : a.position < b.position
              ? -1
              : a.position > b.position
                ? 1
                : 0,
        ),
      );
    }
    await run({
      send: (api) =>
        api.PATCH('/api/v1/projects/{id}', {
          // No If-Match: a new place between today's neighbours is right whatever else changed meanwhile.
          params: { path: { id: editing.id } },
          body: { position },
        }),
      refused: projectRefusal(editing.name, 'move'),
    });
    await projectsStore.refresh();
  };

  const remove = async () => {
    if (!editing) return;
    setBusy(true);
    const result = await run({
      send: (api) => api.DELETE('/api/v1/projects/{id}', { params: { path: { id: editing.id } } }),
      refused: projectRefusal(editing.name, 'delete'),
    });
    setBusy(false);
    await projectsStore.refresh();
    if (!result.ok) return;
    finish();
    if (pathname === `/projects/${editing.id}`) router.push('/tasks');
    toasts.show({
      tone: 'info',
      message: `Moved “${editing.name}” and its tasks to the trash`,
      action: {
        label: 'Undo',
        run: () =>
          void run({
            send: (api) =>
              api.POST('/api/v1/projects/{id}/restore', { params: { path: { id: editing.id } } }),
            refused: projectRefusal(editing.name, 'restore'),
          }).then(() => projectsStore.refresh()),
      },
    });
  };

  const index = editing ? projects.findIndex((p) => p.id === editing.id) : -1;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id={titleId} className="mb-4 text-lg font-semibold">
        {editing ? `Edit project ${editing.name}` : 'New project'}
      </h2>
      <form onSubmit={save} className="flex flex-col gap-4">
        <div>
          <label className="label" htmlFor={`${titleId}-name`}>
            Name
          </label>
          <input
            id={`${titleId}-name`}
            className="field"
            value={name}
            maxLength={120}
            required
            autoFocus
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <fieldset>
          <legend className="label">Colour</legend>
          <div className="flex flex-wrap gap-1">
            {[null, ...PROJECT_COLORS].map((c) => (
              <label
                key={c ?? 'none'}
                className="flex min-h-11 min-w-11 cursor-pointer items-center justify-center rounded-lg has-[:checked]:bg-surface-2 has-[:checked]:ring-2 has-[:checked]:ring-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent"
              >
                <input
                  type="radio"
                  name="color"
                  className="sr-only"
                  checked={color === c}
                  onChange={() => setColor(c)}
                />
                <span aria-hidden="true" className={`h-5 w-5 rounded-full ${COLOR_DOT[c ?? 'none']}`} />
                <span className="sr-only">{c ?? 'No colour'}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {editing ? (
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-ghost" disabled={index <= 0} onClick={() => void move(-1)}>
              Move up
            </button>
            <button
              type="button"
              className="btn-ghost"
              disabled={index < 0 || index >= projects.length - 1}
              onClick={() => void move(1)}
            >
              Move down
            </button>
            <button
              type="button"
              className="btn-danger ml-auto"
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete project
            </button>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-ghost" onClick={finish}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy}>
            {editing ? 'Save' : 'Create project'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A refused project action in words: deleted or changed elsewhere, not allowed, or the API's own reason. */
export function projectRefusal(name: string, doing: string) {
  return ({ error, response }: Refusal): string => {
    switch (response.status) {
      case 404:
        return `Could not ${doing} “${name}”: it no longer exists (deleted in another tab or device?).`;
      case 412:
        return `Could not ${doing} “${name}”: it was changed elsewhere just now. The list shows the latest version; try again.`;
      case 403:
        return `You may not ${doing} “${name}”.`;
      default:
        return `Could not ${doing} “${name}”: ${problemMessage(error)}`;
    }
  };
}
