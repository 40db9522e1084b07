#!/usr/bin/env node
// Generates chart/README.md and chart/values.schema.json from chart/values.yaml.
//
// values.yaml is the single source: every key carries a one-line `# -- description` comment; types come
// from the defaults; `@schema {json}` at the end of a comment adds JSON Schema keywords (enum, minimum,
// items, $ref...). An annotation with `additionalProperties` or `$ref` marks a free-form map whose
// children are not described one by one.
//
//   node scripts/chart/gen-chart-docs.mjs           write both files
//   node scripts/chart/gen-chart-docs.mjs --check   exit 1 when either file differs (CI drift check)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const chartDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'chart');

/** Walks values.yaml line by line: returns [{ path, description, annotation }] in file order. */
export function describeValues(text) {
  const entries = [];
  const stack = []; // [{ indent, key }]
  let pending = null;
  text.split('\n').forEach((line, index) => {
    const doc = /^\s*# -- (.*)$/.exec(line);
    if (doc) {
      pending = doc[1];
      return;
    }
    const key = /^(\s*)([A-Za-z0-9_.-]+):(?:\s|$)/.exec(line);
    if (!key) return;
    const indent = key[1].length;
    while (stack.length && stack.at(-1).indent >= indent) stack.pop();
    stack.push({ indent, key: key[2] });
    const path = stack.map((s) => s.key);
    if (pending === null)
      throw new Error(`values.yaml:${index + 1}: ${path.join('.')} has no "# --" comment`);
    const at = pending.indexOf('@schema ');
    const description = (at === -1 ? pending : pending.slice(0, at)).trim();
    const annotation = at === -1 ? {} : JSON.parse(pending.slice(at + '@schema '.length));
    entries.push({ path, description, annotation });
    pending = null;
  });
  return entries;
}

const definitions = {
  resourceList: {
    type: 'object',
    additionalProperties: false,
    required: ['cpu', 'memory'],
    properties: {
      cpu: { type: ['string', 'number'], pattern: '^[0-9]+(\\.[0-9]+)?m?$' },
      memory: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$' },
    },
  },
  resources: {
    type: 'object',
    additionalProperties: false,
    required: ['requests', 'limits'],
    properties: {
      requests: { $ref: '#/definitions/resourceList' },
      limits: { $ref: '#/definitions/resourceList' },
    },
  },
};

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** JSON Schema for one value, from its default and its annotation. */
function schemaFor(value, entry, byPath) {
  const annotation = entry?.annotation ?? {};
  const description = entry?.description;
  if (annotation.$ref) return { $ref: annotation.$ref };
  const type = typeOf(value);
  const schema = { description, type };
  if (type === 'integer') schema.minimum = 0;
  if (type === 'object' && !('additionalProperties' in annotation)) {
    schema.additionalProperties = false;
    schema.required = Object.keys(value);
    schema.properties = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const childPath = [...(entry?.path ?? []), k].join('.');
        return [k, schemaFor(v, byPath.get(childPath), byPath)];
      }),
    );
  }
  return { ...schema, ...annotation };
}

export function buildSchema(valuesText) {
  const values = parse(valuesText);
  const entries = describeValues(valuesText);
  const byPath = new Map(entries.map((e) => [e.path.join('.'), e]));
  const root = schemaFor(values, { path: [], annotation: {} }, byPath);
  delete root.description;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values of the todo chart (generated from values.yaml; do not edit)',
    ...root,
    definitions,
  };
}

function cell(text) {
  return String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function buildReadme(valuesText, chartYamlText) {
  const values = parse(valuesText);
  const chart = parse(chartYamlText);
  const rows = describeValues(valuesText).map(({ path, description, annotation }) => {
    const value = path.reduce((v, k) => v?.[k], values);
    const type = annotation.enum ? annotation.enum.join(' \\| ') : typeOf(value);
    const shown =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !annotation.additionalProperties &&
      !annotation.$ref &&
      Object.keys(value).length
        ? ''
        : `\`${JSON.stringify(value)}\``;
    return `| \`${path.join('.')}\` | ${cell(type)} | ${cell(shown)} | ${cell(description)} |`;
  });
  return `# ${chart.name}

${chart.description}

Chart version \`${chart.version}\`, app version \`${chart.appVersion}\`. This file is generated from
\`values.yaml\` by \`node scripts/chart/gen-chart-docs.mjs\`; CI fails when it drifts. The newcomer
walkthrough (build images, local cluster, canary, promote, roll back) is in
[docs/deploy.md](../docs/deploy.md).

## What it renders

- backend and frontend Deployments (2 pods each by default, RollingUpdate \`maxUnavailable: 0\`,
  startup/liveness/readiness probes, preStop drain, topology spread, \`checksum/*\` roll annotations),
  Services (\`LoadBalancer\` on :8000 and :3000 by default), HPAs (autoscaling/v2, min 2),
  PodDisruptionBudgets and one ServiceAccount per component (no API token mounted; nothing here talks
  to the Kubernetes API, so there is no Role)
- a ConfigMap for plain settings and a Secret for \`JWT_SECRET\`, \`DATABASE_URL\`, \`METRICS_TOKEN\`
  (or \`secrets.existingSecret\`), plus a generated \`GATEWAY_SECRET\` given to the web and backend pods: the web
  tier proves itself to the API with it, so the API believes the browser address it forwards
- the migrate Job (\`pre-install,pre-upgrade\` hook, \`node dist/migrate.js\`); pods run with
  \`DB_MIGRATE_ON_START=false\` so they never race to migrate
- NetworkPolicies: default deny for every pod of the release, then ingress-controller/load balancer
  to frontend and backend, frontend to backend, backend and migrate Job to the database, DNS
- optional Ingress and Gateway API HTTPRoute: one web host where the frontend serves \`/\` and the
  browser's \`/api/v1\` (its gateway turns the session cookie into a bearer token) and the backend
  serves the API's own paths (see [Routing](#routing))
- optional canary (\`values-canary.yaml\`): canary Deployments + Services labelled \`track: canary\`,
  a weighted Gateway API HTTPRoute with an \`X-Canary: always\` header override (the default); ingress-nginx canary
  annotations (\`canary.mechanism: ingress-nginx\`) remain only as legacy, for clusters still running that
  controller, which stopped receiving fixes in March 2026; stable pods carry \`track: stable\`
- optional in-cluster PostgreSQL StatefulSet (\`values-local.yaml\`), or a CloudNativePG \`Cluster\` and a
  transaction-mode \`Pooler\` (\`cnpg.enabled\`, \`ci/cnpg-values.yaml\`): queries through the Pooler, LISTEN and
  migrations on the \`-rw\` Service, credentials from the operator's \`<release>-db-app\` Secret
- optional ServiceMonitor and PrometheusRule: SLO recording rules and multi-window burn-rate alerts generated
  from \`slo\` (the canary gate judges by the same numbers)
- a \`helm test\` pod that checks readiness of both components through their Services

## Routing

The Ingress and the HTTPRoute serve one web host, with the same rules (the longest matching path wins):

| Path | Service | Why |
|---|---|---|
| \`/\` and everything below, \`/api/v1/*\` included | frontend | pages, and the browser's API calls: the web server's gateway turns the httpOnly session cookie into \`Authorization: Bearer\` and forwards a caller's own bearer token untouched |
| \`/api/v1/auth\`, \`/openapi.json\`, \`/openapi.yaml\`, \`/docs\`, \`/llms.txt\`, \`/mcp\`, \`/feeds\` | backend | the API's own surface for scripts, agents and calendar apps (the gateway refuses \`/api/v1/auth\`: the web app signs in through server actions) |

So agents use the web host's origin as their base URL. With the canary on, each rule gets the
weighted split and the header override, for both components. The backend Service on its own port
(\`LoadBalancer\` :8000 by default) remains the way to the unfiltered API.

## Required input

Every install needs a database: \`secrets.databaseUrl\`, \`secrets.existingSecret\` (keys
\`JWT_SECRET\`, \`DATABASE_URL\`, optional \`METRICS_TOKEN\` and \`GATEWAY_SECRET\`), \`postgresql.enabled=true\` or
\`cnpg.enabled=true\`.
\`templates/checks.yaml\` stops with a readable message otherwise. A canary needs
\`canary.backend.tag\` and \`canary.frontend.tag\`.

## Pod Security Admission

Every pod meets the \`restricted\` profile (non-root uid 10001, read-only root filesystem, no
capabilities, RuntimeDefault seccomp). Enforce it on the namespace:

\`\`\`sh
kubectl label namespace todo pod-security.kubernetes.io/enforce=restricted \\
  pod-security.kubernetes.io/enforce-version=latest pod-security.kubernetes.io/warn=restricted
\`\`\`

## Database connections

Each backend pod opens up to \`backend.config.DB_POOL_MAX\` connections. checks.yaml refuses values
where \`(backend max pods + 1 rolling-update surge + canary pods) x DB_POOL_MAX + 1\` (the migrate Job
uses one connection) exceeds \`database.maxConnections - database.reservedConnections\`
(defaults: (6 + 1 + 0) x 5 + 1 = 36 <= 90).

## Values

| Key | Type | Default | Description |
|---|---|---|---|
${rows.join('\n')}
`;
}

async function main() {
  // Format like the repository's prettier config, so `prettier --check` and the drift check agree.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(join(chartDir, 'values.schema.json'))) ?? {};
  const valuesText = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  const chartText = readFileSync(join(chartDir, 'Chart.yaml'), 'utf8');
  const outputs = {
    'values.schema.json': await prettier.format(JSON.stringify(buildSchema(valuesText)), {
      ...options,
      parser: 'json',
    }),
    'README.md': buildReadme(valuesText, chartText),
  };
  const check = process.argv.includes('--check');
  let drift = false;
  for (const [file, content] of Object.entries(outputs)) {
    const target = join(chartDir, file);
    let current = null;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing file counts as drift
    }
    if (current === content) continue;
    if (check) {
      console.error(`chart/${file} is out of date: run node scripts/chart/gen-chart-docs.mjs`);
      drift = true;
    } else {
      writeFileSync(target, content);
      console.log(`wrote chart/${file}`);
    }
  }
  if (drift) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
