import type { Schemas } from '@todo/openapi';

type Entry = Schemas['ActivityEntry'];

const FIELD_NAMES: Record<string, string> = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  tags: 'tags',
  dueAt: 'due date',
  remindAt: 'reminder',
  recurrence: 'repeat',
  assigneeId: 'assignee',
  name: 'name',
  color: 'colour',
  position: 'place',
  sectionId: 'section',
  projectId: 'project',
  parentId: 'parent task',
  role: 'role',
};

const quoted = (text: string) => `“${text}”`;
const asText = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

function fieldList(changes: Entry['changes']): string {
  const names = [...new Set(Object.keys(changes).map((key) => FIELD_NAMES[key] ?? key))];
  if (names.length === 0) return 'details';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * What an activity entry says after the actor's name ("completed “Buy milk”"). Entries name a task by id only; the
 * title comes from the page's tasks, else from the change itself, else "a task".
 */
export function describeActivity(entry: Entry, titleOf: (taskId: string) => string | undefined): string {
  const changes = entry.changes ?? {};
  const task = quoted(
    (entry.taskId ? titleOf(entry.taskId) : undefined) ??
      asText(changes.title?.to) ??
      asText(changes.title?.from) ??
      'a task',
  ).replace('“a task”', 'a task');
  switch (entry.action) {
    case 'task.created':
      return `added ${task}`;
    case 'task.updated': {
      const keys = Object.keys(changes);
      if (
        keys.length === 1 &&
        keys[0] === 'title' &&
        asText(changes.title?.from) &&
        asText(changes.title?.to)
      ) {
        return `renamed ${quoted(String(changes.title!.from))} to ${quoted(String(changes.title!.to))}`;
      }
      return `changed the ${fieldList(changes)} of ${task}`;
    }
    case 'task.completed':
      return `completed ${task}`;
    case 'task.reopened':
      return `reopened ${task}`;
    case 'task.moved':
      return `moved ${task}`;
    case 'task.trashed':
      return `moved ${task} to the trash`;
    case 'task.restored':
      return `restored ${task}`;
    case 'comment.created':
      return `commented on ${task}`;
    case 'comment.deleted':
      return `deleted a comment on ${task}`;
    case 'section.created': {
      const name = asText(changes.name?.to);
      return name ? `added the section ${quoted(name)}` : 'added a section';
    }
    case 'section.updated': {
      const from = asText(changes.name?.from);
      const to = asText(changes.name?.to);
      return from && to ? `renamed the section ${quoted(from)} to ${quoted(to)}` : 'changed a section';
    }
    case 'section.deleted': {
      const name = asText(changes.name?.from);
      return name ? `deleted the section ${quoted(name)}` : 'deleted a section';
    }
    case 'project.created':
      return 'created the project';
    case 'project.updated':
      return `changed the project’s ${fieldList(changes)}`;
    case 'member.joined':
      return 'joined the project';
    case 'member.left':
      return 'left the project';
    case 'member.removed':
      return 'removed a member';
    case 'member.role_changed': {
      const role = asText(changes.role?.to);
      return role
        ? `made a member ${role === 'viewer' ? 'a viewer' : `an ${role}`}`
        : 'changed a member’s role';
    }
  }
}
