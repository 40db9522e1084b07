// Dockerfile policy: dockerfilelint plus the rules issue 6 asks for, checked on the parsed instructions.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findTool } from '../lib/system-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const dockerfilelint = require('dockerfilelint') as {
  run(configPath: string, content: string): { rule: string; line: number; title: string }[];
};

interface Instruction {
  line: number;
  cmd: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Joins continuation lines, drops comments, groups instructions by stage. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) start = index + 1;
    if (line.startsWith('#')) return;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = pending + line;
    pending = '';
    const [, cmd, args] = /^(\S+)\s*(.*)$/.exec(full)!;
    const instruction = { line: start, cmd: cmd.toUpperCase(), args };
    if (instruction.cmd === 'FROM') {
      const [from, , name] = args.split(/\s+/);
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  });
  return stages;
}

const files = ['backend/Dockerfile', 'frontend/Dockerfile'];

for (const file of files) {
  describe(file, () => {
    const text = readFileSync(join(root, file), 'utf8');
    const stages = parseDockerfile(text);
    const names = new Set(stages.map((s) => s.name));
    const final = stages.at(-1)!;
    const all = (cmd: string, stage?: Stage) =>
      (stage ? stage.instructions : stages.flatMap((s) => s.instructions)).filter((i) => i.cmd === cmd);

    it('passes dockerfilelint (stage references aside, which it cannot tell from images)', () => {
      const stageFromLines = new Set(
        stages.filter((s) => names.has(s.from)).map((s) => s.instructions[0].line),
      );
      const issues = dockerfilelint
        .run(join(root, 'scripts'), text)
        .filter((i) => !(i.rule === 'missing_tag' && stageFromLines.has(i.line)));
      expect(issues).toEqual([]);
    });

    it('is multi-stage and pins its one external base to an exact Node 24 LTS slim tag', () => {
      expect(stages.length).toBeGreaterThanOrEqual(3);
      const external = stages.filter((s) => !names.has(s.from) || s.from === s.name);
      expect(external.map((s) => s.from)).toEqual([expect.stringMatching(/^node:24\.\d+\.\d+-[a-z]+-slim$/)]);
      expect(text).not.toMatch(/:latest\b/);
    });

    it('runs as a numeric non-root USER in the final stage', () => {
      const users = all('USER', final);
      expect(users.length).toBeGreaterThan(0);
      const user = users.at(-1)!.args;
      expect(user).toMatch(/^\d+(:\d+)?$/);
      expect(Number(user.split(':')[0])).toBeGreaterThan(0);
      expect(user.split(':')[0]).toBe('10001');
    });

    it('has an exec-form HEALTHCHECK, ENTRYPOINT (tini) and CMD in the final stage', () => {
      const [health] = all('HEALTHCHECK', final);
      expect(health?.args).toMatch(/CMD \["node", "-e", /);
      expect(health?.args).toMatch(/\/health\/live|\/healthz/);
      const entrypoint = JSON.parse(all('ENTRYPOINT', final).at(-1)!.args);
      expect(entrypoint).toEqual(['/usr/bin/tini', '--']);
      const cmd = JSON.parse(all('CMD', final).at(-1)!.args);
      expect(cmd[0]).toBe('node');
    });

    it('labels the image with OCI source, revision and version from build args', () => {
      const labels = all('LABEL', final)
        .map((i) => i.args)
        .join(' ');
      for (const key of ['source', 'revision', 'version']) {
        expect(labels).toMatch(new RegExp(`org\\.opencontainers\\.image\\.${key}="\\$\\{\\w+\\}"`));
      }
    });

    it('never ADDs (no remote URLs, no archives unpacked by surprise)', () => {
      expect(all('ADD')).toEqual([]);
    });

    it('runs npm ci on manifests only, before any source is copied', () => {
      for (const stage of stages) {
        const npmCi = stage.instructions.findIndex((i) => i.cmd === 'RUN' && /\bnpm ci\b/.test(i.args));
        if (npmCi === -1) continue;
        const copiesBefore = stage.instructions.slice(0, npmCi).filter((i) => i.cmd === 'COPY');
        for (const copy of copiesBefore) {
          expect(copy.args, `stage ${stage.name}`).toMatch(/^(\S*(package(-lock)?\.json|\.npmrc)\s+)+\S+$/);
        }
      }
    });

    it('keeps dev dependencies and build tools out of the runtime stage', () => {
      const runtimeRuns = all('RUN', final)
        .map((i) => i.args)
        .join('\n');
      expect(runtimeRuns).not.toMatch(/npm (ci|install)|apt-get install|python3|\bmake\b|g\+\+/);
      for (const copy of all('COPY', final)) {
        const from = /--from=(\S+)/.exec(copy.args)?.[1];
        if (!from) continue;
        // Runtime pulls only from the production-deps, build output or tini stages.
        expect(['prod-deps', 'build', 'tini'], copy.args).toContain(from);
        if (from === 'build') expect(copy.args).not.toMatch(/node_modules/);
      }
      const prod = stages.find((s) => s.name === 'prod-deps');
      if (prod) expect(all('RUN', prod)[0].args).toMatch(/npm ci .*--omit=dev/);
    });

    it('leaves app files owned by root (no --chown to the app user)', () => {
      for (const copy of all('COPY', final)) expect(copy.args).not.toMatch(/--chown/);
    });
  });
}

describe('.dockerignore', () => {
  const ignore = readFileSync(join(root, '.dockerignore'), 'utf8');
  it('keeps modules, build output and env files out of the context', () => {
    for (const pattern of ['**/node_modules', '**/.next', '**/dist', '**/.env']) {
      expect(ignore.split('\n')).toContain(pattern);
    }
  });
});

describe('image and chart shell scripts', () => {
  const shellcheck = findTool('shellcheck');
  it.skipIf(!shellcheck)('are shellcheck-clean', () => {
    const scripts = ['scripts/image-smoke.sh', 'scripts/kube-play.sh', 'scripts/chart/fetch-helm.sh'].map(
      (f) => join(root, f),
    );
    const r = spawnSync(shellcheck!, scripts, { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
