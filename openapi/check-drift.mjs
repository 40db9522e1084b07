// Fails when the committed OpenAPI document or its generated types differ from what the code produces.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = ['openapi/openapi.json', 'openapi/src/schema.d.ts'];
const root = new URL('..', import.meta.url);
const before = files.map((file) => readFileSync(new URL(file, root), 'utf8'));
const run = (args) => execFileSync('npx', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

run(['nx', 'run', 'backend:openapi', '--skip-nx-cache', '--outputStyle=static']);
run(['npm', 'run', 'generate', '-w', '@todo/openapi', '--silent']);

const drifted = files.filter((file, index) => readFileSync(new URL(file, root), 'utf8') !== before[index]);
if (drifted.length > 0) {
  console.error(`OpenAPI drift: ${drifted.join(', ')} changed when regenerated from the code.`);
  console.error(
    'Run `npx nx run backend:openapi && npm run generate -w @todo/openapi` and commit the result.',
  );
  process.exit(1);
}
console.log('OpenAPI document and types match the code.');
