#!/usr/bin/env node
// The helper of scripts/kube-play.sh: splits `helm template` output into what podman 4.3's `podman kube play`
// takes, and checks the played containers against the rendered manifests.
//
//   node scripts/chart/kube-play.mjs split <rendered.yaml> <dir> [--host-network]
//     dir/play.yaml              the Deployments (podman kube play, then podman kube down)
//     dir/migrate.yaml           each Job's pod template as a Pod (restartPolicy Never): podman runs no Jobs
//     dir/configmap-<name>.yaml  one per ConfigMap, for --configmap
//     dir/secret-<name>.json     a Secret's data as JSON {key: base64}: what podman 4.3 reads for a secretKeyRef
//                                from the podman secret of that name (`podman secret create <name> <file>`)
//     dir/skipped.txt            "Kind/name" of every object podman kube play does not take, one a line
//     dir/expect.json            per Deployment container: the env, securityContext, mounts and memory limit
//     --host-network drops the containers' `ports` from the played YAML: podman publishes every containerPort
//     (as the same host port) and refuses any port mapping under `--network host`. It also sets each pod's
//     hostname to localhost: podman gives the process HOSTNAME=<hostname> over the one the manifest sets (the
//     frontend ConfigMap's 0.0.0.0, which Next's server listens on), and under --network host the pod name does
//     not resolve; `localhost` does, so Next listens on 127.0.0.1.
//   node scripts/chart/kube-play.mjs check <dir>/expect.json <deployment>/<container> < `podman inspect` JSON
//     exits 1 naming what differs (never printing a Secret's value)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const fail = (message) => {
  console.error(`kube-play: ${message}`);
  process.exit(1);
};

const b64decode = (value) => Buffer.from(value, 'base64').toString('utf8');

/** Kubernetes quantity (512Mi, 1G, 1000) in bytes. */
export function bytesOf(quantity) {
  const m = /^([0-9.]+)([KMGTE]i?)?$/.exec(String(quantity));
  if (!m) throw new Error(`unsupported quantity ${quantity}`);
  const powers = { K: 1, M: 2, G: 3, T: 4, E: 6 };
  const unit = m[2] ?? '';
  const base = unit.endsWith('i') ? 1024 : 1000;
  return Math.round(Number(m[1]) * (unit ? base ** powers[unit[0]] : 1));
}

/** The objects of a multi-document YAML stream (empty documents dropped). */
export function parseObjects(text) {
  const docs = parseAllDocuments(text);
  const problems = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (problems.length) throw new Error(`invalid YAML: ${problems.join('; ')}`);
  return docs.map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
}

/** A Secret's values, decoded (data is base64, stringData plain). */
function secretValues(secret) {
  return {
    ...Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, b64decode(v)])),
    ...(secret.stringData ?? {}),
  };
}

/**
 * The environment Kubernetes would give a container, as { present: {NAME: {value, from}}, absent: [NAME] }
 * (from = configmap | secret | literal; an optional secret/configmap key that does not exist leaves NAME unset).
 */
export function expectedEnv(container, configMaps, secrets) {
  const present = {};
  const absent = new Set();
  const set = (name, value, from) => {
    present[name] = { value, from };
    absent.delete(name);
  };
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const values = source.configMapRef ? configMaps.get(ref.name)?.data : secrets.get(ref.name);
    if (!values) {
      if (ref.optional) continue;
      throw new Error(`${container.name}: envFrom ${ref.name} is not rendered`);
    }
    const from = source.configMapRef ? 'configmap' : 'secret';
    for (const [k, v] of Object.entries(values)) set(`${source.prefix ?? ''}${k}`, String(v), from);
  }
  for (const env of container.env ?? []) {
    if (!env.valueFrom) {
      set(env.name, String(env.value ?? ''), 'literal');
      continue;
    }
    const ref = env.valueFrom.secretKeyRef ?? env.valueFrom.configMapKeyRef;
    if (!ref) continue; // fieldRef/resourceFieldRef: not compared
    const values = env.valueFrom.secretKeyRef ? secrets.get(ref.name) : configMaps.get(ref.name)?.data;
    if (values && ref.key in values) {
      set(env.name, String(values[ref.key]), env.valueFrom.secretKeyRef ? 'secret' : 'configmap');
    } else if (ref.optional) {
      delete present[env.name];
      absent.add(env.name);
    } else {
      throw new Error(`${container.name}: env ${env.name} refers to ${ref.name}/${ref.key}, not rendered`);
    }
  }
  return { present, absent: [...absent] };
}

/** Container securityContext over the pod's, the way the kubelet merges them. */
export function effectiveSecurity(podSpec, container) {
  const pod = podSpec.securityContext ?? {};
  const own = container.securityContext ?? {};
  const pick = (key) => own[key] ?? pod[key];
  return {
    runAsUser: pick('runAsUser'),
    runAsGroup: pick('runAsGroup'),
    runAsNonRoot: pick('runAsNonRoot'),
    readOnlyRootFilesystem: own.readOnlyRootFilesystem ?? false,
    allowPrivilegeEscalation: own.allowPrivilegeEscalation,
    privileged: own.privileged ?? false,
    drop: own.capabilities?.drop ?? [],
    add: own.capabilities?.add ?? [],
  };
}

export function split(objects, { hostNetwork = false } = {}) {
  const configMaps = new Map();
  const secrets = new Map();
  const deployments = [];
  const jobs = [];
  const skipped = [];
  for (const o of structuredClone(objects)) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (o.kind === 'ConfigMap') configMaps.set(o.metadata.name, o);
    else if (o.kind === 'Secret') secrets.set(o.metadata.name, secretValues(o));
    else if (o.kind === 'Deployment') deployments.push(o);
    else if (o.kind === 'Job') jobs.push(o);
    else skipped.push(id);
  }
  const migratePods = jobs.map((job) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: job.metadata.name, labels: job.spec.template.metadata?.labels ?? {} },
    spec: { ...job.spec.template.spec, restartPolicy: 'Never' },
  }));
  const expect = {};
  for (const d of deployments) {
    const spec = d.spec.template.spec;
    for (const c of spec.containers) {
      const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
      expect[`${d.metadata.name}/${c.name}`] = {
        port: c.ports?.[0]?.containerPort,
        env: expectedEnv(c, configMaps, secrets),
        security: effectiveSecurity(spec, c),
        mounts: (c.volumeMounts ?? []).map((m) => ({
          path: m.mountPath,
          kind: Object.keys(volumes.get(m.name) ?? {}).find((k) => k !== 'name'),
          medium: volumes.get(m.name)?.emptyDir?.medium ?? '',
        })),
        memoryLimit: c.resources?.limits?.memory ? bytesOf(c.resources.limits.memory) : undefined,
        memoryRequest: c.resources?.requests?.memory ? bytesOf(c.resources.requests.memory) : undefined,
      };
    }
  }
  if (hostNetwork) {
    for (const spec of [...deployments.map((d) => d.spec.template.spec), ...migratePods.map((p) => p.spec)]) {
      spec.hostname = 'localhost';
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) delete c.ports;
    }
  }
  return { configMaps, secrets, deployments, migratePods, skipped, expect };
}

function writeSplit(renderedFile, dir, options) {
  const { configMaps, secrets, deployments, migratePods, skipped, expect } = split(
    parseObjects(readFileSync(renderedFile, 'utf8')),
    options,
  );
  if (!deployments.length) fail('no Deployment rendered');
  const docs = (objs) => objs.map((o) => stringify(o)).join('---\n');
  writeFileSync(join(dir, 'play.yaml'), docs(deployments));
  writeFileSync(join(dir, 'migrate.yaml'), docs(migratePods));
  for (const [name, cm] of configMaps) writeFileSync(join(dir, `configmap-${name}.yaml`), stringify(cm));
  for (const [name, values] of secrets) {
    const data = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    );
    writeFileSync(join(dir, `secret-${name}.json`), JSON.stringify(data), { mode: 0o600 });
  }
  writeFileSync(join(dir, 'skipped.txt'), skipped.map((s) => `${s}\n`).join(''));
  writeFileSync(join(dir, 'expect.json'), JSON.stringify(expect, null, 2), { mode: 0o600 });
  console.log(
    `split: ${deployments.length} Deployment(s) to play, ${migratePods.length} Job(s) as Pod(s), ` +
      `${configMaps.size} ConfigMap(s), ${secrets.size} Secret(s); not played: ${skipped.join(', ') || 'nothing'}`,
  );
}

/** Compares one container's `podman inspect` with what the manifests ask for; returns problems and a summary. */
export function check(want, inspected) {
  const problems = [];
  // Every value podman recorded per name: it appends its own HOSTNAME after the manifest's (and the process gets
  // podman's), so a name can appear twice.
  const env = new Map();
  for (const e of inspected.Config?.Env ?? []) {
    const name = e.slice(0, e.indexOf('='));
    env.set(name, [...(env.get(name) ?? []), e.slice(e.indexOf('=') + 1)]);
  }
  const counts = { configmap: 0, secret: 0, literal: 0 };
  const notes = [];
  for (const [name, { value, from }] of Object.entries(want.env.present)) {
    const got = env.get(name) ?? [];
    if (!got.length) problems.push(`env ${name} (${from}) is missing`);
    else if (!got.includes(value))
      problems.push(
        `env ${name} (${from}) differs${from === 'secret' ? '' : `: ${got.join(',')} != ${value}`}`,
      );
    else counts[from] += 1;
    if (got.includes(value) && got.length > 1 && from !== 'secret')
      notes.push(`${name}=${value} then podman's ${name}=${got.filter((v) => v !== value).join(',')}`);
  }
  for (const name of want.env.absent) if (env.has(name)) problems.push(`env ${name} is set, want unset`);

  const s = want.security;
  const user = [s.runAsUser, s.runAsGroup].filter((x) => x !== undefined).join(':');
  if (user && inspected.Config?.User !== user) problems.push(`user ${inspected.Config?.User}, want ${user}`);
  const host = inspected.HostConfig ?? {};
  if (Boolean(host.ReadonlyRootfs) !== s.readOnlyRootFilesystem)
    problems.push(`read-only root filesystem ${host.ReadonlyRootfs}, want ${s.readOnlyRootFilesystem}`);
  if (Boolean(host.Privileged) !== s.privileged) problems.push(`privileged ${host.Privileged}`);
  const nnp = (host.SecurityOpt ?? []).some((o) => /^no-new-privileges(:true)?$/.test(o));
  if (s.allowPrivilegeEscalation === false && !nnp)
    problems.push(`no no-new-privileges in ${JSON.stringify(host.SecurityOpt)}`);
  if (s.drop.includes('ALL') && !s.add.length) {
    for (const field of ['EffectiveCaps', 'BoundingCaps']) {
      const caps = inspected[field] ?? [];
      if (caps.length) problems.push(`${field} ${caps.join(',')}, want none (drop: [ALL])`);
    }
  }
  const mounts = inspected.Mounts ?? [];
  const mountDesc = [];
  for (const m of want.mounts) {
    const got = mounts.find((x) => x.Destination === m.path);
    if (!got) problems.push(`no mount at ${m.path}`);
    else mountDesc.push(`${m.path} (${m.kind}${m.medium ? ` ${m.medium}` : ''} -> ${got.Type})`);
  }
  if (want.memoryLimit && host.Memory !== want.memoryLimit)
    problems.push(`memory limit ${host.Memory}, want ${want.memoryLimit}`);
  if (want.memoryRequest && host.MemoryReservation !== want.memoryRequest)
    problems.push(`memory reservation ${host.MemoryReservation}, want ${want.memoryRequest} (the request)`);
  const summary =
    `user ${inspected.Config?.User}, read-only root filesystem, ` +
    `${nnp ? 'no-new-privileges, ' : ''}capabilities: ${(inspected.EffectiveCaps ?? []).length ? 'some' : 'none'}, ` +
    `memory limit ${host.Memory} and reservation ${host.MemoryReservation}; env: ${counts.configmap} ConfigMap, ${counts.secret} Secret and ` +
    `${counts.literal} literal values as rendered${want.env.absent.length ? `, ${want.env.absent.join(',')} unset (optional)` : ''}; ` +
    `mounts: ${mountDesc.join(', ')}${notes.length ? `; duplicated env: ${notes.join('; ')}` : ''}`;
  return { problems, summary };
}

function main([command, ...args]) {
  if (command === 'split') {
    const hostNetwork = args[2] === '--host-network';
    if (args.length !== (hostNetwork ? 3 : 2))
      fail('usage: kube-play.mjs split <rendered.yaml> <dir> [--host-network]');
    writeSplit(args[0], args[1], { hostNetwork });
  } else if (command === 'check') {
    if (args.length !== 2)
      fail('usage: kube-play.mjs check <expect.json> <deployment>/<container> < inspect.json');
    const want = JSON.parse(readFileSync(args[0], 'utf8'))[args[1]];
    if (!want) fail(`${args[1]} is not in ${args[0]}`);
    const [inspected] = JSON.parse(readFileSync(0, 'utf8'));
    const { problems, summary } = check(want, inspected);
    if (problems.length) fail(`${args[1]}: ${problems.join('; ')}`);
    console.log(`${args[1]}: ${summary}`);
  } else {
    fail(`unknown command ${command} (split | check)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
