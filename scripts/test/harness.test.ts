// One way per thing: tests, scripts and benchmarks create a throwaway database and build a private copy of the API
// only through the shared harness in scripts/lib/, so a fix to either lands everywhere at once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => /^(backend|bench|frontend|scripts)\/.*\.(ts|tsx|mjs|js)$/.test(file))
  .filter((file) => !file.endsWith('scripts/test/harness.test.ts'));
const filesMatching = (pattern: RegExp) =>
  sources.filter((file) => pattern.test(readFileSync(join(root, file), 'utf8')));

describe('the shared test harness', () => {
  it('is the only place that creates a database', () => {
    expect(filesMatching(/create database/i)).toEqual(['scripts/lib/throwaway-database.mjs']);
  });

  it('is the only place that compiles a private copy of the API', () => {
    expect(filesMatching(/tsconfig\.build\.json['"],\s*['"]--outDir/)).toEqual([
      'scripts/lib/api-process.mjs',
    ]);
  });
});
