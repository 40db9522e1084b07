// Counts test cases across every JUnit XML report in a folder (vitest and Playwright both write them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function summarize(folder) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(folder)) return totals;
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.xml'))) {
    const xml = readFileSync(join(folder, file), 'utf8');
    for (const match of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = match[1] ?? '';
      if (/<(failure|error)\b/.test(body)) totals.failed += 1;
      else if (/<skipped\b/.test(body)) totals.skipped += 1;
      else totals.passed += 1;
    }
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed, skipped } = summarize(process.argv[2] ?? 'reports/junit');
  console.log(`${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
}
