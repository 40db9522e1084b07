// What `npm test` does about programs outside npm: find them, install them when it can, otherwise skip exactly the
// suites that need them with one line each, and fail instead when REQUIRE_ALL_SUITES=1 (.ci/run).
import { describe, expect, it } from 'vitest';
import {
  ensureSystemTools,
  installPlan,
  locate,
  skipLines,
  skipsFail,
  SYSTEM_TOOLS,
} from '../lib/system-tools.mjs';

const tool = (name: string, candidates: string[], suites = [`suite needing ${name}`]) => ({
  name,
  aptPackage: `${name}-pkg`,
  candidates: () => candidates,
  suites,
});
const fileSystem = (...files: string[]) => {
  const present = new Set(files);
  return (path: string) => present.has(path);
};

describe('locate', () => {
  it('takes the first candidate that exists, searching PATH for bare names', () => {
    const nginx = tool('nginx', ['/usr/sbin/nginx', 'nginx']);
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(locate(nginx, env, fileSystem('/usr/bin/nginx'))).toBe('/usr/bin/nginx');
    expect(locate(nginx, env, fileSystem('/usr/sbin/nginx', '/usr/bin/nginx'))).toBe('/usr/sbin/nginx');
    expect(locate(nginx, env, fileSystem())).toBeUndefined();
  });

  it('prefers CHROMIUM_PATH and accepts Chrome where Chromium is absent', () => {
    const chromium = SYSTEM_TOOLS.find((candidate) => candidate.name === 'chromium')!;
    const exists = fileSystem('/opt/chromium/chrome', '/usr/bin/chromium', '/usr/bin/google-chrome');
    expect(locate(chromium, { PATH: '/usr/bin', CHROMIUM_PATH: '/opt/chromium/chrome' }, exists)).toBe(
      '/opt/chromium/chrome',
    );
    expect(locate(chromium, { PATH: '/usr/bin' }, exists)).toBe('/usr/bin/chromium');
    expect(locate(chromium, { PATH: '/usr/bin' }, fileSystem('/usr/bin/google-chrome'))).toBe(
      '/usr/bin/google-chrome',
    );
  });
});

describe('installPlan', () => {
  const missing = [tool('a', []), tool('b', [])];
  it('installs the missing packages only as root with apt-get', () => {
    expect(installPlan(missing, { isRoot: true, hasAptGet: true })).toEqual(['a-pkg', 'b-pkg']);
    expect(installPlan(missing, { isRoot: false, hasAptGet: true })).toEqual([]);
    expect(installPlan(missing, { isRoot: true, hasAptGet: false })).toEqual([]);
  });
});

describe('skipLines and skipsFail', () => {
  it('names each suite that cannot run once, with the tool and the command that brings it', () => {
    const missing = [tool('shellcheck', [], ['workflows shellcheck', 'image scripts shellcheck'])];
    expect(skipLines(missing)).toEqual([
      'SKIPPED workflows shellcheck: needs shellcheck (apt-get install -y shellcheck-pkg)',
      'SKIPPED image scripts shellcheck: needs shellcheck (apt-get install -y shellcheck-pkg)',
    ]);
  });

  it('turns any skip into a failure under REQUIRE_ALL_SUITES=1, and only then', () => {
    const missing = [tool('nginx', [])];
    expect(skipsFail(missing, { REQUIRE_ALL_SUITES: '1' })).toBe(true);
    expect(skipsFail(missing, {})).toBe(false);
    expect(skipsFail([], { REQUIRE_ALL_SUITES: '1' })).toBe(false);
  });
});

describe('ensureSystemTools', () => {
  const env = { PATH: '/nowhere' };

  it('installs what is missing when it can, then reports nothing missing', () => {
    const installed: string[][] = [];
    let present = false;
    const flaky = { ...tool('flaky', []), candidates: () => (present ? ['/bin/sh'] : []) };
    const result = ensureSystemTools({
      tools: [flaky],
      env,
      isRoot: true,
      hasAptGet: true,
      install: (packages: string[]) => {
        installed.push(packages);
        present = true;
      },
    });
    expect(installed).toEqual([['flaky-pkg']]);
    expect(result.missing).toEqual([]);
    expect(result.paths).toEqual({ flaky: '/bin/sh' });
  });

  it('skips without installing when it is not root', () => {
    const installed: string[][] = [];
    const result = ensureSystemTools({
      tools: [tool('absent', [])],
      env,
      isRoot: false,
      hasAptGet: true,
      install: (packages: string[]) => installed.push(packages),
    });
    expect(installed).toEqual([]);
    expect(result.skipLines).toEqual([
      'SKIPPED suite needing absent: needs absent (apt-get install -y absent-pkg)',
    ]);
  });
});
