import type { TestProject } from 'vitest/node';
import { startPgBouncer } from '../../../scripts/lib/pgbouncer.mjs';

/** A PgBouncer in transaction mode for the HA suite, which makes its own databases (vitest project ha-pgbouncer). */
export default async function setup(project: TestProject) {
  const port = Number(process.env.TEST_PGBOUNCER_PORT) + 1 || undefined;
  const pgbouncer = await startPgBouncer({ serverUrl: process.env.TEST_DATABASE_URL!, port });
  project.provide('pooler', { port: pgbouncer.port });
  return () => pgbouncer.stop();
}
