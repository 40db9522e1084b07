// The programs outside npm that some suites need: where to find them, which Debian package brings them, and what
// `npm test` does when one is missing (install it when it runs as root with apt-get, else skip exactly the suites
// that need it, one line each). Node built-ins only: `.ci/run` calls it before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * @typedef {{ name: string, aptPackage: string, candidates: (env: NodeJS.ProcessEnv) => string[], suites: string[] }} SystemTool
 * `candidates`: absolute paths or names looked up on PATH, first found wins.
 */

/** @type {SystemTool[]} */
export const SYSTEM_TOOLS = [
  {
    name: 'chromium',
    aptPackage: 'chromium',
    // GitHub's Ubuntu runners carry Google Chrome instead; CHROMIUM_PATH names any other build.
    candidates: (env) => [
      ...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []),
      '/usr/bin/chromium',
      'chromium',
      'chromium-browser',
      'google-chrome',
    ],
    suites: ['frontend: browser e2e', 'scripts: docs render'],
  },
  {
    name: 'shellcheck',
    aptPackage: 'shellcheck',
    candidates: () => ['shellcheck'],
    suites: ['scripts: workflows shellcheck', 'scripts: image and chart scripts shellcheck'],
  },
  {
    name: 'nginx',
    aptPackage: 'nginx',
    candidates: () => ['/usr/sbin/nginx', '/usr/bin/nginx', 'nginx'],
    suites: [
      'backend: high availability (test/ha)',
      'scripts: web journey through the chart edge',
      'scripts: many browsers behind one address through the chart edge',
    ],
  },
  {
    // A transaction pooler in front of PostgreSQL (scripts/lib/pgbouncer.mjs); Debian's is 1.18.
    name: 'pgbouncer',
    aptPackage: 'pgbouncer',
    candidates: () => ['/usr/sbin/pgbouncer', 'pgbouncer'],
    suites: [
      'backend: e2e, realtime and high availability through PgBouncer (vitest projects pgbouncer, ha-pgbouncer)',
    ],
  },
  {
    // promtool checks the chart's rendered PrometheusRule. Debian ships it only in the prometheus package: where
    // services may start (a VM with systemd, no policy-rc.d) that also starts a Prometheus server on :9090.
    name: 'promtool',
    aptPackage: 'prometheus',
    candidates: (env) => [...(env.PROMTOOL_PATH ? [env.PROMTOOL_PATH] : []), '/usr/bin/promtool', 'promtool'],
    suites: ['scripts: chart (promtool check rules of the SLO PrometheusRule)'],
  },
  {
    // fetch-helm.sh unpacks Helm with unzip, or with python3's zipfile when there is no unzip.
    name: 'unzip',
    aptPackage: 'unzip',
    candidates: () => ['unzip', 'python3'],
    suites: ['scripts: chart (Helm is unpacked from a zip)'],
  },
];

/** The first candidate that exists, as an absolute path; undefined when none does. */
export function locate(tool, env = process.env, exists = existsSync) {
  const searchPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const candidate of tool.candidates(env)) {
    if (isAbsolute(candidate)) {
      if (exists(candidate)) return candidate;
      continue;
    }
    const found = searchPath.map((dir) => join(dir, candidate)).find((path) => exists(path));
    if (found) return found;
  }
  return undefined;
}

/** Where a named tool of SYSTEM_TOOLS is on this machine (for a suite's skipIf). */
export function findTool(name, env = process.env) {
  const tool = SYSTEM_TOOLS.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`unknown system tool: ${name}`);
  return locate(tool, env);
}

/** The Debian packages that bring the given tools. */
export function aptPackages(tools) {
  return [...new Set(tools.map((tool) => tool.aptPackage))];
}

/** The apt packages to install for the missing tools, or none when this process cannot install them. */
export function installPlan(missing, { isRoot, hasAptGet }) {
  return isRoot && hasAptGet ? aptPackages(missing) : [];
}

/** One line per suite that cannot run, naming the tool and how to get it. */
export function skipLines(missing) {
  return missing.flatMap((tool) =>
    tool.suites.map(
      (suite) => `SKIPPED ${suite}: needs ${tool.name} (apt-get install -y ${tool.aptPackage})`,
    ),
  );
}

/** With REQUIRE_ALL_SUITES=1 (set by .ci/run) a suite skipped for a missing tool fails the run. */
export function skipsFail(missing, env = process.env) {
  return env.REQUIRE_ALL_SUITES === '1' && missing.length > 0;
}

/** Locates every tool, installs the missing ones when it can, and reports what is still missing. */
export function ensureSystemTools({
  tools = SYSTEM_TOOLS,
  env = process.env,
  isRoot = process.getuid?.() === 0,
  hasAptGet = Boolean(findOnPath('apt-get', env)),
  install = aptInstall,
} = {}) {
  const missingNow = () => tools.filter((tool) => !locate(tool, env));
  const packages = installPlan(missingNow(), { isRoot, hasAptGet });
  if (packages.length > 0) install(packages);
  const missing = missingNow();
  const paths = Object.fromEntries(tools.map((tool) => [tool.name, locate(tool, env)]));
  return { paths, missing, skipLines: skipLines(missing) };
}

function findOnPath(name, env) {
  return locate({ name, aptPackage: name, candidates: () => [name], suites: [] }, env);
}

function aptInstall(packages) {
  console.log(`Installing system packages: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status;
  if (apt(['update', '-qq']) !== 0) return;
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

// `node scripts/lib/system-tools.mjs missing-packages` prints the apt packages still needed, space-separated,
// for installers with their own privileges (.ci/run uses sudo on GitHub's runners).
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'missing-packages') {
  console.log(aptPackages(SYSTEM_TOOLS.filter((tool) => !locate(tool))).join(' '));
}
