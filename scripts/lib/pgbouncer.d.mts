export const PGBOUNCER: string | undefined;

export interface PgBouncer {
  port: number;
  /** The pgbouncer.ini it runs with. */
  config: string;
  /** The same database URL through PgBouncer. */
  pooled(url: string): string;
  /** PgBouncer's log so far. */
  log(): string;
  stop(): Promise<void>;
}

export function startPgBouncer(options: {
  serverUrl: string;
  port?: number;
  poolSize?: number;
  timeoutMs?: number;
}): Promise<PgBouncer>;
