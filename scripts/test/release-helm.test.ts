import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../release/', import.meta.url));

function dryRun(script: string, ...args: string[]) {
  const result = spawnSync('bash', [`${dir}${script}`, '--dry-run', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

const common = ['--release', 'todo', '--namespace', 'prod', '--values', 'deploy/prod values.yaml'];

describe('release scripts (--dry-run prints the exact helm commands)', () => {
  it('canary: stable tags kept, canary values overlaid with the new tags, waits with a timeout', () => {
    const sut = dryRun(
      'canary.sh',
      ...common,
      '--stable-backend-tag',
      'sha-0ld0000',
      '--stable-frontend-tag',
      'sha-0ld0000',
      '--backend-tag',
      'sha-new1234',
      '--frontend-tag',
      'sha-new1234',
    );
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe(
      'helm upgrade --install todo chart --namespace prod -f deploy/prod\\ values.yaml -f chart/values-canary.yaml ' +
        '--set canary.enabled=true ' +
        '--set-string backend.image.tag=sha-0ld0000 --set-string frontend.image.tag=sha-0ld0000 ' +
        '--set-string canary.backend.tag=sha-new1234 --set-string canary.frontend.tag=sha-new1234 ' +
        '--rollback-on-failure --wait --timeout 10m',
    );
  });

  it('promote: new tags become stable and the canary is switched off', () => {
    const sut = dryRun(
      'promote.sh',
      ...common,
      '--registry',
      'ghcr.io/acme',
      '--backend-tag',
      '1.4.0',
      '--frontend-tag',
      '1.4.0',
      '--timeout',
      '15m',
    );
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe(
      'helm upgrade --install todo chart --namespace prod -f deploy/prod\\ values.yaml ' +
        '--set-string image.registry=ghcr.io/acme ' +
        '--set canary.enabled=false --set-string backend.image.tag=1.4.0 --set-string frontend.image.tag=1.4.0 ' +
        '--rollback-on-failure --wait --timeout 15m',
    );
  });

  it('rollback: upgrade with the canary off and the stable tags unchanged', () => {
    const sut = dryRun(
      'rollback.sh',
      ...common,
      '--backend-tag',
      'sha-0ld0000',
      '--frontend-tag',
      'sha-0ld0000',
    );
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe(
      'helm upgrade todo chart --namespace prod -f deploy/prod\\ values.yaml ' +
        '--set canary.enabled=false --set-string backend.image.tag=sha-0ld0000 ' +
        '--set-string frontend.image.tag=sha-0ld0000 --rollback-on-failure --wait --timeout 10m',
    );
  });

  it('rollback after a failed promotion: helm rollback to the last good revision', () => {
    const sut = dryRun('rollback.sh', '--release', 'todo', '--namespace', 'prod', '--to-revision', '7');
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe('helm rollback todo 7 --namespace prod --wait --timeout 10m');
  });

  it('takes defaults from HELM_* and passes extra --set flags through', () => {
    const sut = dryRun(
      'promote.sh',
      '--backend-tag',
      'b',
      '--frontend-tag',
      'f',
      '--set',
      'backend.replicas=3',
    );
    expect(sut.stdout).toBe(
      'helm upgrade --install todo chart --namespace todo --set backend.replicas=3 --set canary.enabled=false ' +
        '--set-string backend.image.tag=b --set-string frontend.image.tag=f --rollback-on-failure --wait --timeout 10m',
    );
  });

  it.each([
    ['promote.sh', ['--backend-tag', 'b'], '--frontend-tag is required'],
    ['canary.sh', ['--backend-tag', 'b', '--frontend-tag', 'f'], '--stable-backend-tag is required'],
    ['rollback.sh', ['--to-revision', 'latest'], "--to-revision must be a revision number, got 'latest'"],
    ['rollback.sh', ['--bogus'], 'unknown argument: --bogus'],
  ])('%s refuses incomplete input: %s', (script, args, message) => {
    const sut = dryRun(script, ...args);
    expect(sut.status).toBe(2);
    expect(sut.stdout).toBe('');
    expect(sut.stderr).toContain(message);
  });
});
