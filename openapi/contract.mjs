// The OpenAPI document and its TypeScript types as the code produces them, rendered in a temporary folder from the
// built backend. `--write` (`npm run openapi`) replaces the committed files with them; `--check` (this workspace's
// test) compares them with the committed files, writes nothing, and fails on any difference.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT = 'openapi/openapi.json';
const TYPES = 'openapi/src/schema.d.ts';
const REGENERATE = 'npm run openapi';

const run = (command, args) =>
  execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

/** Path (relative to the repository root) → content, for both contract files. */
export async function renderContract() {
  run('npx', ['nx', 'run', 'backend:build', '--outputStyle=static']);
  const dir = mkdtempSync(join(tmpdir(), 'openapi-contract-'));
  try {
    run(process.execPath, ['backend/dist/openapi/write-openapi.js', join(dir, 'openapi.json')]);
    run('npx', ['openapi-typescript', join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')]);
    // The committed types are formatted with the repository's Prettier options (they are .prettierignore'd so
    // that `prettier --check .` never fights the generator).
    const options = await prettier.resolveConfig(join(ROOT, TYPES));
    const types = await prettier.format(readFileSync(join(dir, 'schema.d.ts'), 'utf8'), {
      ...options,
      parser: 'typescript',
    });
    return { [DOCUMENT]: readFileSync(join(dir, 'openapi.json'), 'utf8'), [TYPES]: types };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: node openapi/contract.mjs --write | --check');
    process.exit(2);
  }
  const rendered = await renderContract();
  const files = Object.keys(rendered);
  if (mode === '--write') {
    for (const file of files) writeFileSync(join(ROOT, file), rendered[file]);
    console.log(`wrote ${files.join(', ')}`);
  } else {
    const drifted = files.filter((file) => readFileSync(join(ROOT, file), 'utf8') !== rendered[file]);
    if (drifted.length > 0) {
      console.error(`OpenAPI drift: ${drifted.join(', ')} differ from what the code produces.`);
      console.error(`Run \`${REGENERATE}\` and commit the result.`);
      process.exit(1);
    }
    console.log('OpenAPI document and types match the code.');
  }
}
