import { defineConfig } from 'vitest/config';

const junit = Boolean(process.env.CI || process.env.JUNIT_REPORTS);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Chart, image and server tests each start heavy processes; one file at a time keeps 2 cores usable.
    fileParallelism: false,
    reporters: junit ? ['default', ['junit', { outputFile: '../reports/junit/scripts.xml' }]] : ['default'],
  },
});
