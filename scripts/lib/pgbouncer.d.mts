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

/** The API's database environment behind a transaction pooler: queries pooled, LISTEN and migrations direct. */
export function pooledApiEnv(
  directUrl: string,
  pooledUrl: string,
): {
  DATABASE_URL: string;
  DATABASE_POOL_MODE: 'transaction';
  DATABASE_LISTEN_URL: string;
  DATABASE_MIGRATE_URL: string;
};

export function startPgBouncer(options: {
  serverUrl: string;
  port?: number;
  poolSize?: number;
  timeoutMs?: number;
}): Promise<PgBouncer>;
