import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  const sha = (c: string) => `sha256:${c.repeat(64)}`;

  it('pins the images to digests: verified new ones (from verify-image.sh) and the stable ones it is given', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      VERIFIED_BACKEND_DIGEST: sha('b'),
      VERIFIED_FRONTEND_DIGEST: sha('f'),
    };
    const run = (name: string, ...args: string[]) =>
      spawnSync('bash', [`${dir}${name}`, '--dry-run', ...args], { encoding: 'utf8', env }).stdout.trim();
    expect(
      run(
        'canary.sh',
        ...[
          '--stable-backend-tag',
          'sha-old',
          '--stable-frontend-tag',
          'sha-old',
          '--backend-tag',
          'sha-new',
        ],
        ...['--frontend-tag', 'sha-new', '--stable-backend-digest', sha('0'), '--stable-frontend-digest', ''],
      ),
    ).toContain(
      `--set-string canary.frontend.tag=sha-new --set-string backend.image.digest=${sha('0')} ` +
        `--set-string canary.backend.digest=${sha('b')} --set-string canary.frontend.digest=${sha('f')} --rollback-on-failure`,
    );
    expect(run('promote.sh', '--backend-tag', 'sha-new', '--frontend-tag', 'sha-new')).toContain(
      `--set-string backend.image.digest=${sha('b')} --set-string frontend.image.digest=${sha('f')} --rollback-on-failure`,
    );
    const rollback = dryRun(
      'rollback.sh',
      '--backend-tag',
      'o',
      '--frontend-tag',
      'o',
      '--backend-digest',
      sha('0'),
    );
    expect(rollback.stdout).toContain(`--set-string backend.image.digest=${sha('0')} --rollback-on-failure`);
    expect(rollback.stdout).not.toContain('frontend.image.digest');
  });

  it.each([
    [
      'promote.sh',
      ['--backend-tag', 'b', '--frontend-tag', 'f', '--backend-digest', 'latest'],
      "an image digest must be sha256:<64 hex digits>, got 'latest'",
    ],
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

// cosign, docker and helm stand-ins on PATH: each logs its argv; the fake cosign "verifies" from a table of
// signatures (image → digest, certificate identity, issuer) the way the real one decides, and prints its JSON.
const FAKE_COSIGN = String.raw`#!/usr/bin/env bash
echo "cosign $*" >> "$FAKE_LOG"
cmd="$1"; shift
regexp="" issuer="" image=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --certificate-identity-regexp) regexp="$2"; shift 2 ;;
    --certificate-oidc-issuer) issuer="$2"; shift 2 ;;
    --output | --type | --predicate) shift 2 ;;
    --yes) shift ;;
    *) image="$1"; shift ;;
  esac
done
[[ "$cmd" == verify ]] || exit 0
line="$(grep -F "$image " "$FAKE_SIGNATURES")" || { echo "Error: no signatures found" >&2; exit 1; }
read -r _ digest identity signer <<<"$line"
if [[ "$signer" != "$issuer" ]] || ! grep -Eq -- "$regexp" <<<"$identity"; then
  echo "Error: no matching signatures: none of the expected identities matched" >&2; exit 1
fi
printf '[{"critical":{"identity":{"docker-reference":"%s"},"image":{"docker-manifest-digest":"%s"},"type":"cosign container image signature"},"optional":{"Issuer":"%s","Subject":"%s"}}]\n' "$image" "$digest" "$signer" "$identity"
`;
const FAKE_LOGGER = (name: string) => `#!/usr/bin/env bash\necho "${name} $*" >> "$FAKE_LOG"\n`;
const FAKE_DOCKER = String.raw`#!/usr/bin/env bash
echo "docker $*" >> "$FAKE_LOG"
case "$*" in
  *SBOM*) if [[ -n "$FAKE_SBOM" ]]; then echo "$FAKE_SBOM"; else echo '{"spdxVersion":"SPDX-2.3"}'; fi ;;
  *Provenance*) echo '{"buildDefinition":{"buildType":"https://mobyproject.org/buildkit@v1"}}' ;;
esac
`;

const ISSUER = 'https://token.actions.githubusercontent.com';
const RELEASE = (repo: string, ref = 'refs/heads/main') =>
  `https://github.com/${repo}/.github/workflows/release.yml@${ref}`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;

function withFakes(signatures: string[], run: (env: NodeJS.ProcessEnv, log: () => string[]) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'cosign-'));
  try {
    mkdirSync(join(dir, 'bin'));
    for (const [name, body] of [
      ['cosign', FAKE_COSIGN],
      ['helm', FAKE_LOGGER('helm')],
      ['docker', FAKE_DOCKER],
    ] as const) {
      writeFileSync(join(dir, 'bin', name), body, { mode: 0o755 });
    }
    writeFileSync(join(dir, 'signatures'), signatures.map((s) => `${s}\n`).join(''));
    writeFileSync(join(dir, 'log'), '');
    const env = {
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      FAKE_LOG: join(dir, 'log'),
      FAKE_SIGNATURES: join(dir, 'signatures'),
    };
    run(env, () => readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').filter(Boolean));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function script(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync('bash', [`${dir}${name}`, ...args], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('verify-image.sh (cosign verify before helm)', () => {
  const signed = (component: string, identity = RELEASE('acme/todo.app'), issuer = ISSUER) =>
    `ghcr.io/acme/todo-${component}:sha-new ${digest(component === 'backend' ? 'b' : 'f')} ${identity} ${issuer}`;
  const verify = ['--registry', 'ghcr.io/Acme', '--tag', 'sha-new', '--repository', 'acme/todo.app'];
  const deploy = ['--', 'helm', 'upgrade', '--install', 'todo', 'chart'];

  it("runs helm once both images carry the release workflow's signature, and prints their digests", () => {
    withFakes(
      [signed('backend'), signed('frontend', RELEASE('acme/todo.app', 'refs/tags/v1.4.0'))],
      (env, log) => {
        const sut = script('verify-image.sh', [...verify, ...deploy], env);
        expect(sut.stderr).toContain('verified ghcr.io/acme/todo-backend:sha-new@sha256:bbbb');
        expect(sut.status).toBe(0);
        expect(sut.stdout).toBe(`backend_digest=${digest('b')}\nfrontend_digest=${digest('f')}`);
        const calls = log();
        expect(calls.at(-1)).toBe('helm upgrade --install todo chart');
        // ...and hands the verified digests to the release script it runs, which pins the images to them.
        const promote = script(
          'verify-image.sh',
          [
            ...verify,
            '--',
            'bash',
            `${dir}promote.sh`,
            '--dry-run',
            '--backend-tag',
            'sha-new',
            '--frontend-tag',
            'sha-new',
          ],
          env,
        );
        expect(promote.stdout.split('\n').at(-1)).toContain(
          `--set-string backend.image.digest=${digest('b')} --set-string frontend.image.digest=${digest('f')}`,
        );
        expect(calls[0]).toBe(
          'cosign verify --certificate-identity-regexp ^https://github\\.com/acme/todo\\.app/\\.github/workflows/release\\.yml@ ' +
            `--certificate-oidc-issuer ${ISSUER} --output json ghcr.io/acme/todo-backend:sha-new`,
        );
      },
    );
  });

  it.each([
    ['an unsigned image', [signed('backend')]],
    [
      'a signature by another workflow',
      [signed('backend'), signed('frontend', RELEASE('acme/todo.app').replace('release', 'ci'))],
    ],
    ['a signature from a fork', [signed('backend'), signed('frontend', RELEASE('mallory/todo.app'))]],
    [
      'a look-alike repository (the dot is literal)',
      [signed('backend'), signed('frontend', RELEASE('acme/todoXapp'))],
    ],
    [
      'a certificate from another OIDC issuer',
      [signed('backend'), signed('frontend', RELEASE('acme/todo.app'), 'https://accounts.example.com')],
    ],
  ])('refuses %s and never calls helm', (_, signatures) => {
    withFakes(signatures, (env, log) => {
      const sut = script('verify-image.sh', [...verify, ...deploy], env);
      expect(sut.status).toBe(1);
      expect(sut.stderr).toContain(
        "refusing ghcr.io/acme/todo-frontend:sha-new: no valid signature by acme/todo.app's",
      );
      expect(log().filter((l) => l.startsWith('helm'))).toEqual([]);
    });
  });

  it('refuses to guess the repository', () => {
    withFakes([], (env, log) => {
      const sut = script('verify-image.sh', ['--registry', 'ghcr.io/acme', '--tag', 'x', ...deploy], env);
      expect(sut.status).toBe(2);
      expect(sut.stderr).toContain('--repository (or GITHUB_REPOSITORY) must be owner/name');
      expect(log()).toEqual([]);
    });
  });
});

describe('sign-image.sh (keyless signature, SBOM and provenance attestations)', () => {
  const ref = `ghcr.io/acme/todo-backend@${digest('b')}`;

  it('signs the digest, then attests the SBOM and the provenance buildx attached', () => {
    withFakes([], (env, log) => {
      const sut = script('sign-image.sh', ['ghcr.io/Acme/todo-backend', digest('b')], env);
      expect(sut.status, sut.stderr).toBe(0);
      const cosign = log().filter((l) => l.startsWith('cosign'));
      expect(cosign[0]).toBe(`cosign sign --yes ${ref}`);
      expect(cosign[1]).toMatch(
        new RegExp(`^cosign attest --yes --type spdxjson --predicate \\S+/sbom\\.spdx\\.json ${ref}$`),
      );
      expect(cosign[2]).toMatch(
        new RegExp(`^cosign attest --yes --type slsaprovenance1 --predicate \\S+/provenance\\.json ${ref}$`),
      );
    });
  });

  it('fails when the image carries no SBOM, after signing nothing more', () => {
    withFakes([], (env, log) => {
      const sut = script('sign-image.sh', ['ghcr.io/acme/todo-backend', digest('b')], {
        ...env,
        FAKE_SBOM: 'null',
      });
      expect(sut.status).toBe(1);
      expect(sut.stderr).toContain('carries no sbom.spdx.json attestation');
      expect(log().filter((l) => l.startsWith('cosign attest'))).toEqual([]);
    });
  });

  it('refuses a tag where a digest belongs', () => {
    withFakes([], (env) => {
      expect(script('sign-image.sh', ['ghcr.io/acme/todo-backend', 'latest'], env).status).toBe(2);
    });
  });
});
