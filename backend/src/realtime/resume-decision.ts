/** What the event log says about the position a reconnecting client names in Last-Event-ID. */
export interface LogPosition {
  /** Oldest id still in the log (null when the log is empty). */
  oldest: number | null;
  /** Highest id ever issued by the log's sequence (0 when none). */
  issued: number;
  /** When the first event after the client's id was written (null when there is none yet). */
  firstMissedAt: Date | null;
}

export type ResumeDecision = { resume: true } | { resume: false; reason: 'unknown-id' | 'gap' | 'too-old' };

/**
 * Replay is allowed only when nothing after `lastId` can have been pruned and the oldest missed event is
 * within the window; otherwise the client is told to refetch. Ids lost to rolled-back transactions look like a
 * gap, which errs on the safe side (a reset, never a silent gap).
 */
export function decideResume(lastId: number, log: LogPosition, now: Date, windowMs: number): ResumeDecision {
  if (lastId > log.issued) return { resume: false, reason: 'unknown-id' };
  if (log.oldest === null) {
    // Empty log: fine only if nothing was issued after the client's id.
    return lastId === log.issued ? { resume: true } : { resume: false, reason: 'gap' };
  }
  if (log.oldest > lastId + 1) return { resume: false, reason: 'gap' };
  if (log.firstMissedAt && now.getTime() - log.firstMissedAt.getTime() > windowMs) {
    return { resume: false, reason: 'too-old' };
  }
  return { resume: true };
}
