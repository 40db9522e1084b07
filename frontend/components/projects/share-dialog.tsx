'use client';

import type { Schemas } from '@todo/openapi';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useMutation } from '@/components/use-mutation';
import { browserApi } from '@/lib/api/browser';
import { membersStore, useMembers, type Member } from '@/lib/projects/members';
import { projectsStore, type Project } from '@/lib/projects/store';
import { projectRefusal } from './project-dialog';

type Invitation = Schemas['Invitation'];
type GrantedRole = Invitation['role'];

interface Props {
  project: Project;
  /** The signed-in person (marked "you" in the list; leaving removes them). */
  userId: string;
  onClose: () => void;
}

/** How long a link works; it works once (the API's defaults, said in the dialog). */
const INVITE_DAYS = 7;

const ROLE_TEXT: Record<Member['role'], string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

/**
 * Who shares a project. The owner invites with a link (a role each), sees and revokes the open links, changes
 * members' roles and removes them; any other member sees the members and can leave.
 */
export default function ShareDialog({ project, userId, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const members = useMembers(project.id);
  const owner = project.role === 'owner';

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Members may have changed since they were last read (someone joined with a link).
    void membersStore.refresh(project.id);
  }, [project.id]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid="share-dialog"
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(36rem,calc(100vw-1rem))] overflow-y-auto rounded-2xl border border-border bg-surface p-4 text-fg shadow-xl backdrop:bg-black/40 sm:p-6"
    >
      <div className="mb-4 flex items-start gap-2">
        <h2 id={titleId} className="min-w-0 flex-1 text-lg font-semibold break-words">
          Share “{project.name}”
        </h2>
        <button type="button" className="btn-ghost min-h-11 shrink-0" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {owner ? <Invitations projectId={project.id} /> : null}
      <Members project={project} userId={userId} members={members} onLeft={() => ref.current?.close()} />
    </dialog>
  );
}

/** The owner's links: make one with a role, copy it; the open ones, each revocable. */
function Invitations({ projectId }: { projectId: string }) {
  const run = useMutation();
  const [role, setRole] = useState<GrantedRole>('editor');
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState('');
  const [open, setOpen] = useState<Invitation[] | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const linkId = useId();
  const linkRef = useRef<HTMLInputElement>(null);

  const read = useCallback(async () => {
    const api = await browserApi();
    const { data } = await api.GET('/api/v1/projects/{id}/invitations', {
      params: { path: { id: projectId }, query: { limit: 100 } },
    });
    if (!data) return;
    const now = Date.now();
    // Expired and used-up links no longer work: only the open ones are worth revoking.
    setOpen(data.items.filter((i) => i.uses < i.maxUses && new Date(i.expiresAt).getTime() > now));
  }, [projectId]);
  useEffect(() => {
    // Read once the dialog is open; the list is set when the answer arrives.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void read();
  }, [read]);

  const create = async () => {
    setBusy(true);
    const result = await run({
      send: (api) =>
        api.POST('/api/v1/projects/{id}/invitations', {
          params: { path: { id: projectId } },
          body: { role, expiresInDays: INVITE_DAYS, maxUses: 1 },
        }),
      refused: 'Could not create an invitation link',
    });
    setBusy(false);
    if (!result.ok || !result.data) return;
    setCopied('');
    setLink(`${window.location.origin}/invite/${encodeURIComponent(result.data.token)}`);
    requestAnimationFrame(() => linkRef.current?.select());
    void read();
  };

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied. Send it to the person you want to share with.');
    } catch {
      // No clipboard access (permissions, an old browser): the link is selected for copying by hand.
      linkRef.current?.select();
      setCopied('Copying is not allowed here: the link is selected, copy it with Ctrl+C or ⌘+C.');
    }
  };

  const revoke = async (invitation: Invitation) => {
    const result = await run({
      send: (api) =>
        api.DELETE('/api/v1/projects/{id}/invitations/{invitationId}', {
          params: { path: { id: projectId, invitationId: invitation.id } },
        }),
      doneOn: [404],
      refused: 'Could not revoke the link',
    });
    if (result.ok) setOpen((all) => all?.filter((i) => i.id !== invitation.id) ?? null);
  };

  return (
    <section aria-labelledby={`${roleId}-heading`} className="mb-6">
      <h3 id={`${roleId}-heading`} className="mb-2 font-semibold">
        Invite with a link
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1">
          <label className="label" htmlFor={roleId}>
            They join as
          </label>
          <select
            id={roleId}
            className="field"
            value={role}
            onChange={(e) => setRole(e.target.value as GrantedRole)}
          >
            <option value="editor">Editor: can add and change tasks</option>
            <option value="viewer">Viewer: can only look</option>
          </select>
        </div>
        <button type="button" className="btn-primary min-h-11" disabled={busy} onClick={() => void create()}>
          Create link
        </button>
      </div>
      {link ? (
        <div className="mt-3">
          <label className="label" htmlFor={linkId}>
            Invitation link (works once, for {INVITE_DAYS} days)
          </label>
          <div className="flex gap-2">
            <input
              ref={linkRef}
              id={linkId}
              className="field font-mono text-sm"
              readOnly
              value={link}
              data-testid="invite-link"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="btn-ghost min-h-11 shrink-0 border border-border"
              onClick={() => void copy()}
            >
              Copy link
            </button>
          </div>
        </div>
      ) : null}
      <p role="status" className="mt-2 min-h-5 text-sm text-muted">
        {copied}
      </p>
      <h4 className="mt-3 mb-1 text-sm font-semibold">Open links</h4>
      {open === null ? (
        <p className="text-sm text-muted">Reading…</p>
      ) : open.length === 0 ? (
        <p className="text-sm text-muted">No open links.</p>
      ) : (
        <ul className="flex flex-col gap-1" aria-label="Open links" data-testid="open-invitations">
          {open.map((i) => (
            <li
              key={i.id}
              className="flex flex-wrap items-center gap-2 rounded-lg border border-border px-3 py-1"
            >
              <span className="min-w-0 flex-1 text-sm">
                {ROLE_TEXT[i.role]} · expires {new Date(i.expiresAt).toLocaleDateString()} · used {i.uses} of{' '}
                {i.maxUses}
              </span>
              <button
                type="button"
                className="btn-ghost min-h-11 text-danger"
                aria-label={`Revoke the ${ROLE_TEXT[i.role].toLowerCase()} link created ${new Date(i.createdAt).toLocaleString()}`}
                onClick={() => void revoke(i)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface MembersProps {
  project: Project;
  userId: string;
  members: Member[] | undefined;
  onLeft: () => void;
}

/** The members with their roles; the owner changes roles and removes people, others can leave. */
function Members({ project, userId, members, onLeft }: MembersProps) {
  const run = useMutation();
  const router = useRouter();
  const owner = project.role === 'owner';
  const [confirming, setConfirming] = useState<string | null>(null);
  const headingId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const setRole = async (member: Member, role: Exclude<Member['role'], 'owner'>) => {
    await run({
      apply: () =>
        membersStore.change(project.id, (all) =>
          all.map((m) => (m.userId === member.userId ? { ...m, role } : m)),
        ),
      send: (api) =>
        api.PATCH('/api/v1/projects/{id}/members/{userId}', {
          params: { path: { id: project.id, userId: member.userId } },
          body: { role },
        }),
      refused: projectRefusal(project.name, `change ${member.name}’s role in`),
    });
    await membersStore.refresh(project.id);
  };

  const remove = async (member: Member) => {
    const leaving = member.userId === userId;
    const result = await run({
      apply: () =>
        leaving ? undefined : membersStore.change(project.id, (all) => all.filter((m) => m !== member)),
      send: (api) =>
        api.DELETE('/api/v1/projects/{id}/members/{userId}', {
          params: { path: { id: project.id, userId: member.userId } },
        }),
      refused: projectRefusal(project.name, leaving ? 'leave' : `remove ${member.name} from`),
    });
    setConfirming(null);
    if (!result.ok) return;
    if (!leaving) return void membersStore.refresh(project.id);
    // Gone from the sidebar, and to the Inbox: this project's page is no longer theirs.
    await projectsStore.refresh();
    const inbox = projectsStore.snapshot()?.find((p) => p.isInbox);
    onLeft();
    router.push(inbox ? `/projects/${inbox.id}` : '/tasks');
  };

  const mine = members?.find((m) => m.userId === userId);
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-2 font-semibold">
        Members
      </h3>
      {!members ? (
        <p className="text-sm text-muted">Reading…</p>
      ) : (
        <ul className="flex flex-col gap-1" aria-labelledby={headingId} data-testid="members">
          {members.map((m) => {
            const you = m.userId === userId;
            return (
              <li
                key={m.userId}
                data-testid="member"
                className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-lg border border-border px-3 py-2"
              >
                <span className="min-w-0 flex-1">
                  <span className="block font-medium break-words">
                    {m.name}
                    {you ? ' (you)' : ''}
                  </span>
                  <span className="block text-sm break-all text-muted">{m.email}</span>
                </span>
                {owner && m.role !== 'owner' ? (
                  <>
                    <select
                      className="field w-auto"
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      onChange={(e) => void setRole(m, e.target.value as Exclude<Member['role'], 'owner'>)}
                    >
                      <option value="editor">Editor</option>
                      <option value="viewer">Viewer</option>
                    </select>
                    {confirming === m.userId ? (
                      <ConfirmButtons
                        confirmRef={confirmRef}
                        label={`Yes, remove ${m.name}`}
                        onConfirm={() => void remove(m)}
                        onCancel={() => setConfirming(null)}
                      />
                    ) : (
                      <button
                        type="button"
                        className="btn-ghost min-h-11 text-danger"
                        aria-label={`Remove ${m.name}`}
                        onClick={() => setConfirming(m.userId)}
                      >
                        Remove
                      </button>
                    )}
                  </>
                ) : (
                  <span className="text-sm text-muted">{ROLE_TEXT[m.role]}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!owner && mine ? (
        <div className="mt-4 border-t border-border pt-4">
          {confirming === userId ? (
            <div role="group" aria-label="Leave this project?">
              <p className="mb-2 text-sm">
                Leave “{project.name}”? Its tasks will no longer be yours to see; someone must invite you
                again.
              </p>
              <ConfirmButtons
                confirmRef={confirmRef}
                label="Yes, leave"
                onConfirm={() => void remove(mine)}
                onCancel={() => setConfirming(null)}
              />
            </div>
          ) : (
            <button type="button" className="btn-danger min-h-11" onClick={() => setConfirming(userId)}>
              Leave project
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

function ConfirmButtons({
  confirmRef,
  label,
  onConfirm,
  onCancel,
}: {
  confirmRef: React.Ref<HTMLButtonElement>;
  label: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <span className="flex gap-2">
      <button type="button" className="btn-danger min-h-11" onClick={onConfirm}>
        {label}
      </button>
      {/* Focus lands here, the harmless choice. */}
      <button type="button" ref={confirmRef} className="btn-ghost min-h-11" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
