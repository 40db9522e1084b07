// The chart's edge as data: the rules of a rendered HTTPRoute, or of rendered Ingresses with ingress-nginx's canary
// annotations, as one route table that tests can resolve and that edge-nginx.ts turns into an nginx config.
import type { Manifest } from './helm.ts';

export interface RouteBackend {
  service: string;
  port: number;
  weight: number;
}
export interface HeaderMatch {
  name: string;
  value: string;
}
export interface Route {
  path: string;
  exact: boolean;
  headers: HeaderMatch[];
  backends: RouteBackend[];
}

const CANARY = 'nginx.ingress.kubernetes.io/canary';

function pathOf(type: string, value: string): Pick<Route, 'path' | 'exact'> {
  if (type === 'Exact') return { path: value, exact: true };
  if (type === 'PathPrefix' || type === 'Prefix') return { path: value, exact: false };
  throw new Error(`path type ${type} is not emulated`);
}

/** Gateway API HTTPRoute rules, one route per match. */
export function routesOfHttpRoute(route: Manifest): Route[] {
  return route.spec.rules.flatMap((rule: Manifest) => {
    const backends = rule.backendRefs.map((b: Manifest) => ({
      service: b.name,
      port: b.port,
      weight: b.weight ?? 1,
    }));
    const matches: Manifest[] = rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }];
    return matches.map((m) => {
      const headers = (m.headers ?? []).map((h: Manifest) => {
        if ((h.type ?? 'Exact') !== 'Exact') throw new Error(`header match ${h.type} is not emulated`);
        return { name: h.name, value: h.value };
      });
      return { ...pathOf(m.path?.type ?? 'PathPrefix', m.path?.value ?? '/'), headers, backends };
    });
  });
}

/**
 * The stable Ingress's paths; a canary twin (ingress-nginx canary annotations) adds, per path, a header route to
 * its backend and a weighted split of the plain one, which is how ingress-nginx serves it.
 */
export function routesOfIngresses(ingresses: Manifest[]): Route[] {
  const pathsOf = (ing: Manifest) =>
    ing.spec.rules.flatMap((r: Manifest) =>
      r.http.paths.map((p: Manifest) => ({
        ...pathOf(p.pathType, p.path),
        backend: { service: p.backend.service.name, port: p.backend.service.port.number },
      })),
    );
  const isCanary = (ing: Manifest) => ing.metadata.annotations?.[CANARY] === 'true';
  const routes: Route[] = ingresses
    .filter((ing) => !isCanary(ing))
    .flatMap(pathsOf)
    .map(({ backend, ...p }: Manifest) => ({ ...p, headers: [], backends: [{ ...backend, weight: 1 }] }));
  for (const canary of ingresses.filter(isCanary)) {
    const a = canary.metadata.annotations;
    const weight = Number(a[`${CANARY}-weight`] ?? 0);
    for (const { backend, ...p } of pathsOf(canary)) {
      const stable = routes.find((r) => r.path === p.path && r.exact === p.exact && !r.headers.length);
      if (!stable)
        throw new Error(`canary path ${p.path} has no stable Ingress path (ingress-nginx ignores it)`);
      stable.backends = [
        { ...stable.backends[0]!, weight: 100 - weight },
        { ...backend, weight },
      ];
      const header = a[`${CANARY}-by-header`];
      if (header) {
        routes.push({
          ...p,
          headers: [{ name: header, value: a[`${CANARY}-by-header-value`] ?? 'always' }],
          backends: [{ ...backend, weight: 1 }],
        });
      }
    }
  }
  return routes;
}

/** The route table of whichever edge the manifests render (an HTTPRoute wins when both are on). */
export function edgeRoutes(objs: Manifest[]): Route[] {
  const route = objs.find((o) => o.kind === 'HTTPRoute');
  if (route) return routesOfHttpRoute(route);
  const ingresses = objs.filter((o) => o.kind === 'Ingress');
  if (!ingresses.length) throw new Error('the manifests render neither an HTTPRoute nor an Ingress');
  return routesOfIngresses(ingresses);
}

export function pathMatches(route: Pick<Route, 'path' | 'exact'>, path: string): boolean {
  if (route.exact) return path === route.path;
  const prefix = route.path.replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The route a request takes, by the Gateway API's precedence (exact before prefix, then the longest prefix,
 * then the most header matches); ingress-nginx orders the same way for these rules.
 */
export function resolveRoute(
  routes: Route[],
  path: string,
  headers: Record<string, string> = {},
): Route | undefined {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return routes
    .filter((r) => pathMatches(r, path) && r.headers.every((h) => lower[h.name.toLowerCase()] === h.value))
    .sort(
      (a, b) =>
        Number(b.exact) - Number(a.exact) ||
        b.path.length - a.path.length ||
        b.headers.length - a.headers.length,
    )[0];
}
