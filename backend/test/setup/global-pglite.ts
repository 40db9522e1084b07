import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_FOLDER } from '../../src/database/database-client.js';
import { openPglite } from '../../src/database/pglite.js';
import { backfillProjects } from '../../src/database/projects-backfill.js';

/**
 * Creating a PGlite database costs seconds; reopening a copy costs a fraction. One migrated template is made
 * per run and every test file starts from its own copy.
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'todo-pglite-'));
  const template = join(root, 'template');
  const pg = openPglite(template);
  await migrate(drizzle(pg), { migrationsFolder: MIGRATIONS_FOLDER });
  await backfillProjects(async (text) => (await pg.query<Record<string, unknown>>(text)).rows, false);
  await pg.close();
  project.provide('database', { kind: 'pglite', template });
  return () => rmSync(root, { recursive: true, force: true });
}
