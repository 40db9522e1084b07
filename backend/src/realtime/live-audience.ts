import type { RecordedEvent } from '../events/task-event-log.js';

/**
 * Who hears what on this process: the projects of each user with an open stream, and the reverse (the connected
 * members of each project). Changed only in notification order, by `apply`, so every replica reaches the same
 * answer at the same point of the log.
 */
export class LiveAudience {
  private readonly projects = new Map<string, Set<string>>();
  private readonly members = new Map<string, Set<string>>();

  has(userId: string): boolean {
    return this.projects.has(userId);
  }

  projectsOf(userId: string): ReadonlySet<string> | undefined {
    return this.projects.get(userId);
  }

  join(userId: string, projectIds: Iterable<string>): void {
    this.leave(userId);
    this.projects.set(userId, new Set());
    for (const projectId of projectIds) this.add(userId, projectId);
  }

  leave(userId: string): void {
    for (const projectId of this.projects.get(userId) ?? []) this.drop(userId, projectId);
    this.projects.delete(userId);
  }

  /** Whether anyone here can hear the event (false: it need not even be loaded). */
  mayConcern(event: RecordedEvent): boolean {
    if (event.projectId === null) return this.projects.has(event.userId);
    if (this.members.has(event.projectId)) return true;
    return event.type === 'member.added' && event.subjectId !== null && this.projects.has(event.subjectId);
  }

  /**
   * The users who hear the event, and the membership change it makes: a joining member hears their own
   * `member.added` and what follows; a removed one hears their `member.removed` and nothing after it. A trashed
   * project keeps its members (a restore brings its events back).
   */
  apply(event: RecordedEvent): string[] {
    if (event.projectId === null) return this.projects.has(event.userId) ? [event.userId] : [];
    const { projectId } = event;
    const subject = event.subjectId ?? undefined;
    if (event.type === 'member.added' && subject && this.projects.has(subject)) this.add(subject, projectId);
    const recipients = [...(this.members.get(projectId) ?? [])];
    if (event.type === 'member.removed' && subject && this.projects.has(subject))
      this.drop(subject, projectId);
    return recipients;
  }

  private add(userId: string, projectId: string): void {
    this.projects.get(userId)?.add(projectId);
    const members = this.members.get(projectId) ?? new Set<string>();
    members.add(userId);
    this.members.set(projectId, members);
  }

  private drop(userId: string, projectId: string): void {
    this.projects.get(userId)?.delete(projectId);
    const members = this.members.get(projectId);
    if (!members?.delete(userId)) return;
    if (members.size === 0) this.members.delete(projectId);
  }
}
