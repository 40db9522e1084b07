'use client';

import { initials, useMembers, type Member } from '@/lib/projects/members';

/** An assignee's initials in a circle; their name for the pointer (the row's label says it to screen readers). */
export function Avatar({ member }: { member: Member }) {
  return (
    <span
      aria-hidden="true"
      title={`Assigned to ${member.name}`}
      data-testid="assignee-avatar"
      className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent"
    >
      {initials(member.name, member.email)}
    </span>
  );
}

/** A task's assignee as an avatar, once the project's members are read (nothing until then). */
export function AssigneeAvatar({ projectId, assigneeId }: { projectId: string; assigneeId: string }) {
  const member = useMembers(projectId)?.find((m) => m.userId === assigneeId);
  return member ? (
    <>
      <Avatar member={member} />
      <span className="sr-only">Assigned to {member.name}</span>
    </>
  ) : null;
}
