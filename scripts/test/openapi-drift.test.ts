// Proves the drift check bites: in a throwaway git worktree of the committed code, a DTO gains a schema without
// the document and types being regenerated, and `node openapi/check-drift.mjs` must fail and say what to run.
// The real working tree is never touched (checked before and after).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const committedFiles = [
  'openapi/openapi.json',
  'openapi/src/schema.d.ts',
  'backend/src/tasks/dto/task.schemas.ts',
];
const snapshot = () => committedFiles.map((file) => readFileSync(join(root, file), 'utf8'));

const git = (args: string[], cwd = root) => {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

let worktree = '';
let before: string[] = [];

beforeAll(() => {
  before = snapshot();
  worktree = join(mkdtempSync(join(tmpdir(), 'openapi-drift-')), 'repo');
  git(['worktree', 'add', '--detach', worktree, 'HEAD']);
  // Reuse the installed dependencies instead of installing them again.
  for (const dir of ['', 'backend', 'openapi', 'scripts']) {
    const modules = join(root, dir, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(worktree, dir, 'node_modules'), 'dir');
  }
});

afterAll(() => {
  if (worktree) {
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    rmSync(join(worktree, '..'), { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root });
  }
});

describe('openapi/check-drift.mjs', () => {
  it('fails, naming the files and the command to run, when a DTO changes without regenerating', () => {
    // A new request component, as a developer adding a DTO would write it.
    appendFileSync(
      join(worktree, 'backend/src/tasks/dto/task.schemas.ts'),
      "\nrequestSchemas.add(z.object({ note: z.string().max(10) }).strict(), { id: 'DriftProbe' });\n",
    );
    const result = spawnSync('node', ['openapi/check-drift.mjs'], {
      cwd: worktree,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(1);
    expect(output).toContain('OpenAPI drift: openapi/openapi.json, openapi/src/schema.d.ts');
    expect(output).toContain('npx nx run backend:openapi');
    expect(output).toContain('npm run generate -w @todo/openapi');
    // The regenerated document in the worktree does carry the new component: the check saw the real change.
    expect(readFileSync(join(worktree, 'openapi/openapi.json'), 'utf8')).toContain('"DriftProbe"');
  }, 300_000);

  it('left the real working tree as it was', () => {
    expect(snapshot()).toEqual(before);
    expect(git(['worktree', 'list'])).toContain(worktree);
  });
});
