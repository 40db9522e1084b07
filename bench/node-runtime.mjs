// The Node.js the benchmarks run both servers on. By default the one the API image ships (the version in
// backend/Dockerfile's base image), fetched once from the npm registry's `node-linux-<arch>` package into
// .tools/node-<version>/: a benchmark of the runtime production does not run measures the wrong thing (the
// machine's Node may be older; Node 24 keeps AsyncLocalStorage context without promise hooks, Node 20 does not).
//   BENCH_NODE=image (default) | current (the Node running this script) | <path to a node binary>
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The Node version of the API image's base (`FROM node:<version>-…`). */
export function imageNodeVersion() {
  const dockerfile = readFileSync(join(ROOT, 'backend/Dockerfile'), 'utf8');
  const version = /^FROM node:(\d+\.\d+\.\d+)/m.exec(dockerfile)?.[1];
  if (!version)
    throw new Error('backend/Dockerfile: no `FROM node:<x.y.z>` line to take the Node version from');
  return version;
}

/** Path of that Node binary, fetched with `npm pack` on first use (Linux x64 and arm64 only). */
export function imageNodeBinary(version = imageNodeVersion()) {
  const folder = join(ROOT, '.tools', `node-${version}`);
  const binary = join(folder, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (process.platform !== 'linux' || !arch) {
    throw new Error(
      `no node-linux package for ${process.platform}/${process.arch}: set BENCH_NODE=current or a path`,
    );
  }
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const tarball = execFileSync('npm', ['pack', '--silent', `node-linux-${arch}@${version}`], {
    cwd: folder,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: folder });
  rmSync(join(folder, tarball));
  return binary;
}

let selected;

/** The node binary selected by BENCH_NODE, and its version for the report (fetched and asked once). */
export function benchNode() {
  if (!selected) {
    const choice = process.env.BENCH_NODE ?? 'image';
    const binary = choice === 'current' ? process.execPath : choice === 'image' ? imageNodeBinary() : choice;
    selected = { binary, version: execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim() };
  }
  return selected;
}
