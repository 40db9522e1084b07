import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// swc keeps decorator metadata (esbuild drops it, and Nest needs it for injection).
const plugins = [swc.vite({ module: { type: 'es6' } })];
const postgres = process.env.TEST_DATABASE_URL;

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
    ],
  },
});
