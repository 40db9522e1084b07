// scripts/chart/kube-play.mjs, the part of scripts/kube-play.sh that needs no podman: splitting the rendered local
// chart into what `podman kube play` takes, and the check of a played container against the manifests.
// (The play itself runs in the image smoke: scripts/image-smoke.sh calls scripts/kube-play.sh.)
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, split } from '../chart/kube-play.mjs';
import { chartDir, fetchHelm, helm, type Manifest, parseManifests } from './support/helm.ts';

const overlay = [
  '--set',
  'image.pullPolicy=Never,postgresql.enabled=false',
  '--set',
  'secrets.databaseUrl=postgres://postgres@127.0.0.1:5432/todo_kube_play',
  '--set',
  'backend.replicaCount=1,backend.pdb.enabled=false,backend.port=18100,backend.image.tag=smoke',
  '--set',
  'frontend.replicaCount=1,frontend.pdb.enabled=false,frontend.port=13100,frontend.image.tag=smoke',
  '--set',
  'frontend.config.BACKEND_URL=http://127.0.0.1:18100',
];

let objects: Manifest[] = [];
beforeAll(() => {
  const bin = fetchHelm()['helm v3.18'];
  const r = helm(bin, [
    'template',
    'todo-play',
    chartDir,
    '-f',
    join(chartDir, 'values-local.yaml'),
    ...overlay,
  ]);
  expect(r.stderr).toBe('');
  objects = parseManifests(r.stdout);
}, 200_000);

/** A `podman inspect` record that matches the expectations exactly (what a correct play shows). */
function inspectFor(want: Manifest): Manifest {
  return {
    Config: {
      User: `${want.security.runAsUser}:${want.security.runAsGroup}`,
      Env: Object.entries(want.env.present as Record<string, { value: string }>).map(
        ([k, v]) => `${k}=${v.value}`,
      ),
    },
    HostConfig: {
      ReadonlyRootfs: true,
      Privileged: false,
      SecurityOpt: ['no-new-privileges'],
      Memory: want.memoryLimit,
      MemoryReservation: want.memoryRequest,
    },
    EffectiveCaps: null,
    BoundingCaps: null,
    Mounts: want.mounts.map((m: { path: string }) => ({ Type: 'volume', Destination: m.path })),
  };
}

describe('kube-play split of the local chart', () => {
  it('plays the two Deployments, runs the migrate Job as a Pod and lists what podman does not take', () => {
    const out = split(objects, { hostNetwork: true });
    expect(out.deployments.map((d: Manifest) => d.metadata.name).sort()).toEqual([
      'todo-play-backend',
      'todo-play-frontend',
    ]);
    const [migrate] = out.migratePods;
    expect(migrate.kind).toBe('Pod');
    expect(migrate.spec.restartPolicy).toBe('Never');
    expect(migrate.spec.containers[0].args).toEqual(['node', 'dist/migrate.js']);
    expect([...out.configMaps.keys()].sort()).toEqual(['todo-play-backend', 'todo-play-frontend']);
    expect([...out.secrets.keys()].sort()).toEqual(['todo-play', 'todo-play-migrate']);
    expect(out.skipped).toEqual(
      expect.arrayContaining([
        'Service/todo-play-backend',
        'ServiceAccount/todo-play-backend',
        'NetworkPolicy/todo-play-default-deny',
        'Pod/todo-play-health-test',
      ]),
    );
    expect(out.skipped.filter((s: string) => /^(Deployment|Job|ConfigMap|Secret)\//.test(s))).toEqual([]);
    // podman refuses port mappings under --network host: no container keeps its ports.
    for (const d of out.deployments) {
      expect(d.spec.template.spec.containers[0].ports).toBeUndefined();
      expect(d.spec.template.spec.hostname).toBe('localhost'); // podman's HOSTNAME wins over the manifest's
    }
    expect(split(objects).deployments[0].spec.template.spec.containers[0].ports).toBeDefined();
  });

  it('expects the ConfigMap, Secret and literal env the way Kubernetes resolves it', () => {
    const { expect: want, secrets } = split(objects);
    const backend = want['todo-play-backend/backend'];
    expect(backend.port).toBe(18100);
    expect(backend.env.present.LOG_LEVEL).toEqual({ value: 'debug', from: 'configmap' }); // values-local.yaml
    expect(backend.env.present.JWT_SECRET).toEqual({
      value: secrets.get('todo-play').JWT_SECRET,
      from: 'secret',
    });
    expect(backend.env.present.DATABASE_URL.value).toBe('postgres://postgres@127.0.0.1:5432/todo_kube_play');
    expect(backend.env.present.APP_TRACK).toEqual({ value: 'stable', from: 'literal' });
    expect(backend.env.absent).toEqual(['METRICS_TOKEN']); // optional, not rendered
    expect(backend.security).toMatchObject({
      runAsUser: 10001,
      runAsGroup: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      drop: ['ALL'],
    });
    expect(backend.memoryLimit).toBe(384 * 1024 * 1024);
    const frontend = want['todo-play-frontend/frontend'];
    expect(frontend.env.present.BACKEND_URL.value).toBe('http://127.0.0.1:18100');
    expect(frontend.env.present.GATEWAY_SECRET.value).toBe(backend.env.present.GATEWAY_SECRET.value);
    expect(frontend.mounts.map((m: { path: string }) => m.path)).toEqual([
      '/tmp',
      '/app/frontend/.next/cache',
    ]);
  });
});

describe('kube-play check of a played container', () => {
  const wantOf = () => split(objects).expect['todo-play-backend/backend'];

  it('passes a container that matches', () => {
    const want = wantOf();
    expect(check(want, inspectFor(want)).problems).toEqual([]);
  });

  it("accepts podman's own HOSTNAME after the manifest's and says so", () => {
    const want = split(objects).expect['todo-play-frontend/frontend'];
    const got = inspectFor(want);
    got.Config.Env.push('HOSTNAME=localhost');
    const { problems, summary } = check(want, got);
    expect(problems).toEqual([]);
    expect(summary).toContain("duplicated env: HOSTNAME=0.0.0.0 then podman's HOSTNAME=localhost");
  });

  it('names each difference, never printing a secret value', () => {
    const want = wantOf();
    const got = inspectFor(want);
    got.Config.User = '0:0';
    got.Config.Env = got.Config.Env.map((e: string) =>
      e.startsWith('JWT_SECRET=') ? 'JWT_SECRET=other' : e.startsWith('LOG_LEVEL=') ? 'LOG_LEVEL=info' : e,
    ).filter((e: string) => !e.startsWith('DB_POOL_MAX='));
    got.Config.Env.push('METRICS_TOKEN=x');
    got.HostConfig.ReadonlyRootfs = false;
    got.HostConfig.SecurityOpt = [];
    got.BoundingCaps = ['CAP_CHOWN'];
    got.HostConfig.Memory = 0;
    got.Mounts = [];
    const { problems } = check(want, got);
    expect(problems).toEqual([
      'env DB_POOL_MAX (configmap) is missing',
      'env LOG_LEVEL (configmap) differs: info != debug',
      'env JWT_SECRET (secret) differs',
      'env METRICS_TOKEN is set, want unset',
      'user 0:0, want 10001:10001',
      'read-only root filesystem false, want true',
      'no no-new-privileges in []',
      'BoundingCaps CAP_CHOWN, want none (drop: [ALL])',
      'no mount at /tmp',
      'memory limit 0, want 402653184',
    ]);
  });
});
