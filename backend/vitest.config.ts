import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { findTool } from '../scripts/lib/system-tools.mjs';

// swc keeps decorator metadata (esbuild drops it, and Nest needs it for injection).
const plugins = [swc.vite({ module: { type: 'es6' } })];
const postgres = process.env.TEST_DATABASE_URL;

// Through PgBouncer (transaction mode, queries pooled, LISTEN and migrations direct): the suites on the hot paths,
// live events across replicas and HA. A subset, not every e2e file: the whole set through the pooler would add
// minutes to CI for paths (auth, OAuth, sections...) that use the pool no differently.
const PGBOUNCER_SUITES = [
  'test/e2e/{tasks,task-list,projects,subtasks-move,trash,trash-empty,agents,health}.e2e-spec.ts',
  'test/realtime/*.e2e-spec.ts',
  'test/pooled/*.e2e-spec.ts',
];
const pgbouncer = postgres ? findTool('pgbouncer') : undefined;
if (postgres && !pgbouncer) {
  const line =
    '[pgbouncer] suites through PgBouncer skipped: pgbouncer is not installed (apt-get install -y pgbouncer)';
  if (process.env.REQUIRE_ALL_SUITES === '1') throw new Error(line);
  console.warn(line);
}

export default defineConfig({
  plugins,
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: process.env.CI || process.env.JUNIT_REPORTS ? ['default', 'junit'] : ['default'],
    outputFile: { junit: '../reports/junit/backend.xml' },
    projects: [
      { plugins, test: { name: 'unit', include: ['src/**/*.spec.ts', 'tools/**/*.spec.ts'] } },
      {
        plugins,
        test: {
          name: 'pglite',
          include: ['test/**/*.{int-spec,e2e-spec}.ts'],
          globalSetup: ['test/setup/global-pglite.ts'],
          setupFiles: ['test/support/conformance.setup.ts'],
          hookTimeout: 120_000,
          testTimeout: 30_000,
        },
      },
      {
        // Two API processes behind nginx on the machine's PostgreSQL (test/ha/). Skipped with a message without
        // TEST_DATABASE_URL. Runs after every other project: its database restart would cut their connections.
        plugins,
        test: {
          name: 'ha',
          include: ['test/ha/*.ha-spec.ts'],
          sequence: { groupOrder: 1 },
          hookTimeout: 180_000,
          testTimeout: 120_000,
        },
      },
      ...(postgres
        ? [
            {
              plugins,
              test: {
                name: 'postgres',
                include: ['test/**/*.{int-spec,e2e-spec}.ts'],
                globalSetup: ['test/setup/global-postgres.ts'],
                setupFiles: ['test/support/conformance.setup.ts'],
                hookTimeout: 120_000,
                testTimeout: 30_000,
              },
            },
          ]
        : []),
      ...(pgbouncer
        ? [
            {
              plugins,
              test: {
                name: 'pgbouncer',
                include: PGBOUNCER_SUITES,
                globalSetup: ['test/setup/global-pgbouncer.ts'],
                setupFiles: ['test/support/conformance.setup.ts'],
                hookTimeout: 120_000,
                testTimeout: 30_000,
              },
            },
            {
              // After the ha project: a real PostgreSQL restart in one would cut the other's connections.
              plugins,
              test: {
                name: 'ha-pgbouncer',
                include: ['test/ha/ha.ha-spec.ts'],
                globalSetup: ['test/setup/global-pgbouncer-ha.ts'],
                sequence: { groupOrder: 2 },
                hookTimeout: 180_000,
                testTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
