// The API of an earlier commit, compiled from its own sources with today's node_modules: what "the previous
// release, still serving" is in a test of a migration applied on a live database. Its sources come from git
// (`git archive <ref> backend/src`), so the test needs the repository's history, as a clone has.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BACKEND = join(ROOT, 'backend');

/**
 * Compiles backend/src as of `ref` into backend/.prev-<ref>-dist/ (git-ignored, under backend/ so that its
 * imports resolve to the installed packages). A type error does not stop it as long as tsc emitted the server.
 */
export function buildPreviousRelease(ref) {
  if (!/^[0-9a-f]{7,40}$/.test(ref)) throw new Error(`not a commit id: ${ref}`);
  const base = join(BACKEND, `.prev-${ref}-dist`);
  const dist = join(base, 'dist');
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', ref, 'backend/src'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref}: ${archive.stderr.toString()}`);
  const untar = spawnSync('tar', ['-x', '--strip-components=1', '-C', base], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr.toString()}`);
  writeFileSync(
    join(base, 'tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', declaration: false, noEmitOnError: false },
      include: ['src'],
      exclude: ['src/**/*.spec.ts'],
    }),
  );
  spawnSync('npx', ['tsc', '-p', join(base, 'tsconfig.json')], { cwd: BACKEND, stdio: 'inherit' });
  if (!existsSync(join(dist, 'main.js'))) throw new Error(`the API of ${ref} did not compile into ${dist}`);
  cpSync(join(base, 'src/database/migrations'), join(dist, 'database/migrations'), { recursive: true });
  return { dir: dist, remove: () => rmSync(base, { recursive: true, force: true }) };
}
