import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { MIGRATIONS_FOLDER } from '../../src/database/database-client.js';
import { backfillProjects } from '../../src/database/projects-backfill.js';

/** A fresh database on the server named by TEST_DATABASE_URL, migrated for this run and dropped after it. */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const database = await createDatabase(serverUrl, 'todo_test');
  const client = postgres(database.url, { max: 1, onnotice: () => undefined });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  await backfillProjects((text) => client.unsafe(text), true);
  await client.end();
  project.provide('database', { kind: 'postgres', url: database.url });
  return () => database.drop();
}
