import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startPgBouncer } from '../../../scripts/lib/pgbouncer.mjs';
import setupPostgres from './global-postgres.js';

/**
 * The postgres project's fresh database, with the API's queries through a real PgBouncer in transaction mode
 * (test/support/database-env.ts). The database's own time zone is not UTC, so a session setting the pooler did
 * not carry over (the client's TimeZone startup parameter) shows up as wrong timestamps. TEST_PGBOUNCER_PORT
 * pins PgBouncer's port (default: a free one).
 */
export default async function setup(project: TestProject) {
  const drop = await setupPostgres(project);
  const database = project.getProvidedContext().database;
  if (database.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
  const admin = postgres(database.url, { max: 1, onnotice: () => undefined });
  const name = new URL(database.url).pathname.slice(1);
  await admin.unsafe(`alter database ${name} set timezone = 'America/St_Johns'`);
  await admin.end();
  const port = Number(process.env.TEST_PGBOUNCER_PORT) || undefined;
  const pgbouncer = await startPgBouncer({ serverUrl: process.env.TEST_DATABASE_URL!, port });
  project.provide('database', { ...database, pooler: { port: pgbouncer.port } });
  return async () => {
    await pgbouncer.stop();
    await drop();
  };
}
