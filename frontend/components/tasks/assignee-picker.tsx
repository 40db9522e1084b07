'use client';

import { useMembers } from '@/lib/projects/members';

interface Props {
  id: string;
  projectId: string;
  value: string | null;
  onChange: (assigneeId: string | null) => void;
}

/** Who a task is assigned to: a member of its project, or nobody. */
export function AssigneePicker({ id, projectId, value, onChange }: Props) {
  const members = useMembers(projectId);
  // Assigned to someone not (yet) in the list read: still shown, so the field says the truth.
  const unknown = value !== null && members !== undefined && !members.some((m) => m.userId === value);
  return (
    <div>
      <label className="label" htmlFor={id}>
        Assigned to
      </label>
      <select
        id={id}
        className="field"
        value={value ?? ''}
        disabled={members === undefined}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">Unassigned</option>
        {members === undefined && value ? <option value={value}>Reading members…</option> : null}
        {unknown ? <option value={value}>Someone no longer in the project</option> : null}
        {members?.map((m) => (
          <option key={m.userId} value={m.userId}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}
