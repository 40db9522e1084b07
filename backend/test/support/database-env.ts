import { pooledApiEnv } from '../../../scripts/lib/pgbouncer.mjs';
import type { ProvidedPooler } from './provided.js';

/** `url` through the run's PgBouncer (any database name: it forwards each to the same name on the server). */
export function throughPooler(url: string, pooler: ProvidedPooler): string {
  const pooled = new URL(url);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(pooler.port);
  return pooled.toString();
}

/**
 * The API's database environment for a direct database URL: as it is, or, when the run goes through PgBouncer,
 * the pooled URL for queries and the direct one for LISTEN and migrations (docs/operations.md, "Pooled PostgreSQL").
 */
export function apiDatabaseEnv(url: string, pooler: ProvidedPooler | undefined): Record<string, string> {
  return pooler ? pooledApiEnv(url, throughPooler(url, pooler)) : { DATABASE_URL: url };
}
