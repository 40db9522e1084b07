// Proves the drift check bites: in a throwaway git worktree of the committed code, a DTO gains a schema without
// the document and types being regenerated, and the openapi workspace's test must fail, say what to run, and
// write nothing; `npm run openapi` then regenerates both files and the check passes. The real working tree is
// never touched (checked before and after).
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

const npm = (args: string[]) => {
  const result = spawnSync('npm', args, {
    cwd: worktree,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  return { status: result.status, output: result.stdout + result.stderr };
};

describe('the OpenAPI drift check (npm test -w @todo/openapi)', () => {
  it('fails, naming the files and the one command to run, when a DTO changes without regenerating', () => {
    // A new request component, as a developer adding a DTO would write it.
    appendFileSync(
      join(worktree, 'backend/src/tasks/dto/task.schemas.ts'),
      "\nrequestSchemas.add(z.object({ note: z.string().max(10) }).strict(), { id: 'DriftProbe' });\n",
    );
    const committed = readFileSync(join(worktree, 'openapi/openapi.json'), 'utf8');
    const { status, output } = npm(['test', '-w', '@todo/openapi']);
    expect(status, output).not.toBe(0);
    expect(output).toContain('OpenAPI drift: openapi/openapi.json, openapi/src/schema.d.ts');
    expect(output).toContain('Run `npm run openapi`');
    // It compared without writing: the committed document is as it was.
    expect(readFileSync(join(worktree, 'openapi/openapi.json'), 'utf8')).toBe(committed);
  }, 300_000);

  it('passes once `npm run openapi` has regenerated the document and types from the code', () => {
    const written = npm(['run', 'openapi']);
    expect(written.status, written.output).toBe(0);
    // The regenerated document carries the new component: the check saw the real change.
    expect(readFileSync(join(worktree, 'openapi/openapi.json'), 'utf8')).toContain('"DriftProbe"');
    expect(readFileSync(join(worktree, 'openapi/src/schema.d.ts'), 'utf8')).toContain('DriftProbe');
    const checked = npm(['test', '-w', '@todo/openapi']);
    expect(checked.status, checked.output).toBe(0);
  }, 300_000);

  it('left the real working tree as it was', () => {
    expect(snapshot()).toEqual(before);
    expect(git(['worktree', 'list'])).toContain(worktree);
  });
});
