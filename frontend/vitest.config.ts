import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**'],
    environment: 'node',
    reporters:
      process.env.CI || process.env.JUNIT_REPORTS
        ? ['default', ['junit', { outputFile: '../reports/junit/frontend-unit.xml' }]]
        : ['default'],
  },
});
