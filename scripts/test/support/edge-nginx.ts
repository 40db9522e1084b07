// nginx standing in for the cluster's edge: it serves a route table (edge-routes.ts) the way a Gateway or
// ingress-nginx would, and every Service is a small proxy of its own that names itself in X-Edge-Service, so a
// test can tell which Service answered. A Service with several pods sends each request to the next one, as
// kube-proxy spreads connections, and X-Edge-Pod names the pod that answered.
import { startNginx } from '../../lib/nginx.mjs';
import type { Route } from './edge-routes.ts';

export const SERVED_BY = 'x-edge-service';
export const SERVED_BY_POD = 'x-edge-pod';

export interface EdgeOptions {
  routes: Route[];
  /**
   * Where each Service's pods are, e.g. { 'todo-backend': 'http://127.0.0.1:21080' }, or a list of them for a
   * Service with several replicas.
   */
  services: Record<string, string | string[]>;
  /** The edge listens here; the Service proxies on the ports after it. */
  port: number;
}

const group = <T>(items: T[], key: (item: T) => string) =>
  items.reduce((m, item) => m.set(key(item), [...(m.get(key(item)) ?? []), item]), new Map<string, T[]>());

/** location blocks with per-path-segment prefix semantics: /docs matches /docs and /docs/x, never /docsx. */
function locations(path: string, exact: boolean): string[] {
  if (exact) return [`= ${path}`];
  const prefix = path.replace(/\/+$/, '');
  return prefix === '' ? ['/'] : [`= ${prefix}`, `^~ ${prefix}/`];
}

/** The body of nginx's http block. */
export function edgeHttpBlock({ routes, services, port }: EdgeOptions): string {
  const servicePort = new Map(Object.keys(services).map((name, i) => [name, port + 1 + i]));
  const upstreams = new Map<string, string>();
  const upstreamFor = (route: Route) => {
    const servers = route.backends
      .filter((b) => b.weight > 0)
      .map((b) => {
        const p = servicePort.get(b.service);
        if (!p) throw new Error(`no target given for Service ${b.service}`);
        return `server 127.0.0.1:${p} weight=${b.weight};`;
      });
    const key = servers.join(' ');
    if (!upstreams.has(key)) upstreams.set(key, `route${upstreams.size}`);
    return upstreams.get(key)!;
  };

  const blocks = [...group(routes, (r) => `${r.exact}:${r.path}`).values()].flatMap((candidates) => {
    const [plain, ...more] = [...candidates].sort((a, b) => a.headers.length - b.headers.length);
    if (plain!.headers.length) throw new Error(`${plain!.path} is only routed with headers`);
    const body = [
      ...more.map((r) => {
        if (r.headers.length !== 1) throw new Error(`${r.path}: only one header match per route is emulated`);
        const [h] = r.headers;
        const variable = `$http_${h!.name.toLowerCase().replace(/-/g, '_')}`;
        return `      if (${variable} = "${h!.value}") { proxy_pass http://${upstreamFor(r)}; }`;
      }),
      `      proxy_pass http://${upstreamFor(plain!)};`,
    ].join('\n');
    return locations(plain!.path, plain!.exact).map((l) => `    location ${l} {\n${body}\n    }`);
  });

  const serviceServers = [...servicePort].map(([name, p], i) => {
    const pods = [services[name]!].flat().map((url) => `server ${new URL(url).host};`);
    return `  upstream service${i} { ${pods.join(' ')} }
  server {
    listen 127.0.0.1:${p};
    location / {
      proxy_pass http://service${i};
      add_header X-Edge-Service ${name} always;
      add_header X-Edge-Pod $upstream_addr always;
    }
  }`;
  });
  return `  client_max_body_size 20m;
  # What Gateway API implementations and ingress-nginx do: keep Host, say who asked and how.
  proxy_http_version 1.1;
  proxy_set_header Host $http_host;
  proxy_set_header Connection "";
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_buffering off;
  proxy_request_buffering off;
  proxy_read_timeout 120s;
${[...upstreams].map(([servers, name]) => `  upstream ${name} { ${servers} }`).join('\n')}
  server {
    listen 127.0.0.1:${port};
${blocks.join('\n')}
  }
${serviceServers.join('\n')}`;
}

export interface Edge {
  url: string;
  config: string;
  stop(): Promise<void>;
}

/** Starts nginx for the route table; resolves once `readyPath` answers 200 through the edge. */
export async function startEdge(options: EdgeOptions, readyPath = '/'): Promise<Edge> {
  const url = `http://127.0.0.1:${options.port}`;
  const nginx = await startNginx({ http: edgeHttpBlock(options), readyUrl: `${url}${readyPath}` });
  return { url, ...nginx };
}
