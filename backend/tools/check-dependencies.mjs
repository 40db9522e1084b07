#!/usr/bin/env node
/**
 * `npm run lint`'s dependency rule: no import cycle between feature folders (src/<feature>/, subfolders included)
 * and none between modules. dependency-cruiser reads and resolves the imports; its own folder rules stop at the
 * innermost folder (tasks/dto is not tasks), so cycles are found here, on the graph collapsed to features.
 * Only what survives compilation counts: type-only imports are erased, so they may point either way.
 *
 * Usage: node tools/check-dependencies.mjs [folder=src], run from the project root; exits 1 on a violation.
 */
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

/** The feature folder a path belongs to (`src/tasks/dto/x.ts` -> `tasks`); root files belong to none. */
const featureOf = (root, path) =>
  path.startsWith(`${root}/`) ? /^([^/]+)\//.exec(path.slice(root.length + 1))?.[1] : undefined;

/** Feature -> feature edges, each with the first import that makes it. */
function featureGraph(root, modules) {
  const graph = new Map();
  for (const module of modules) {
    const from = featureOf(root, module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = featureOf(root, dependency.resolved);
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map();
      if (!edges.has(to)) edges.set(to, `${module.source} -> ${dependency.resolved}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected components with more than one feature (Tarjan): each is one or more cycles. */
function cyclesOf(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

async function checkDependencies(root) {
  const { output } = await cruise(
    [root],
    {
      validate: true,
      ruleSet: {
        forbidden: [{ name: 'no-module-cycle', severity: 'error', from: {}, to: { circular: true } }],
      },
      tsPreCompilationDeps: false,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '\\.spec\\.ts$' },
    },
    undefined,
    { tsConfig: extractTSConfig(TSCONFIG) },
  );
  const graph = featureGraph(root, output.modules);
  const problems = [
    ...output.summary.violations
      .filter((violation) => violation.rule.severity === 'error')
      .map(({ rule, from, to, cycle }) =>
        [`${rule.name}: ${from} -> ${to}`, ...(cycle ?? []).map((step) => `  via ${step.name ?? step}`)].join(
          '\n',
        ),
      ),
    ...cyclesOf(graph).map((features) =>
      [
        `feature folders in a cycle: ${features.join(', ')}`,
        ...features.flatMap((from) =>
          [...(graph.get(from) ?? [])]
            .filter(([to]) => features.includes(to))
            .map(([to, example]) => `  ${from} -> ${to}  (${example})`),
        ),
      ].join('\n'),
    ),
  ];
  return { problems, modules: output.modules.length };
}

const { problems, modules } = await checkDependencies(process.argv[2] ?? 'src');
if (problems.length > 0) {
  console.error(
    `${problems.join('\n\n')}\n\nBreak each cycle: move the shared piece to where it belongs (or to common/).`,
  );
  process.exit(1);
}
console.log(`dependencies: no cycles between feature folders or modules (${modules} modules).`);
