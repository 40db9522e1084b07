import scalarFastify from '@scalar/fastify-api-reference';

let bundle: string | undefined;

/**
 * The standalone Scalar API reference script, shipped inside @scalar/fastify-api-reference (pinned in
 * package.json) so that /docs works without reaching a CDN. The plugin only exposes it as a route, so we run the
 * plugin against a stand-in that records its routes and ask that route for the file once.
 */
export function scalarBundle(): string {
  if (bundle !== undefined) return bundle;
  const routes: { url: string; handler: (request: unknown, reply: unknown) => unknown }[] = [];
  const standIn = {
    route: (route: (typeof routes)[number]) => routes.push(route),
    hasPlugin: () => false,
    log: { warn: () => undefined },
    initialConfig: { ignoreTrailingSlash: true },
  };
  (scalarFastify as unknown as (f: unknown, o: unknown, next: () => void) => void)(
    standIn,
    { routePrefix: '/bundle', configuration: { url: '/openapi.json' } },
    () => undefined,
  );
  const script = routes.find((route) => route.url.endsWith('/js/scalar.js'));
  let body: unknown;
  const reply = { header: () => reply, send: (value: unknown) => (body = value) };
  script?.handler(undefined, reply);
  if (typeof body !== 'string' || body.length < 100_000) {
    throw new Error('@scalar/fastify-api-reference no longer serves its bundle at js/scalar.js');
  }
  bundle = body;
  return bundle;
}
