import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./check-dependencies.mjs', import.meta.url));

/** Runs the lint step as `npm run lint` does, from a fixture project's root. */
async function check(fixture: string): Promise<{ code: number; output: string }> {
  const cwd = fileURLToPath(new URL(`./fixtures/${fixture}/`, import.meta.url));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, 'src'], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

// Each run spawns the checker, which parses the fixture with TypeScript: seconds on a busy machine.
describe('check-dependencies (npm run lint)', { timeout: 60_000 }, () => {
  it('fails on a cycle between feature folders, nested folders included, and names each step', async () => {
    const { code, output } = await check('folder-cycle');
    expect(code).toBe(1);
    expect(output).toContain('feature folders in a cycle: alpha, beta, gamma');
    expect(output).toContain('beta -> gamma  (src/beta/nested/beta.ts -> src/gamma/gamma.ts)');
    expect(output).toContain('gamma -> alpha  (src/gamma/gamma.ts -> src/alpha/names.ts)');
  });

  it('fails on a cycle between two modules of one folder', async () => {
    const { code, output } = await check('module-cycle');
    expect(code).toBe(1);
    expect(output).toContain('no-module-cycle: src/alpha/');
  });

  it('lets a type-only import point back: it is erased before run time', async () => {
    const { code, output } = await check('type-only');
    expect(output).toContain('no cycles');
    expect(code).toBe(0);
  });
});
