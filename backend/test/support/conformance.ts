import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Response conformance: every response an e2e test receives must be one the committed OpenAPI document declares
 * for that operation and status — content type and body (schemas are strict: `additionalProperties: false`).
 *
 * Near-zero effort for a spec: `const http = conformant(sut.http)` records and checks every response made
 * through the agent, and `afterAll(assertConformance)` fails the file on any mismatch (the harness can do both
 * once, in startTestApp() and close()).
 */

type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: Json;
}

/** What a response looked like: supertest's and superagent's responses fit, and so does a small fetch adapter. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  text?: string;
}

export interface Mismatch {
  method: string;
  url: string;
  status: number;
  problem: string;
}

/** Not API operations, so deliberately outside the document: the document itself, its viewer, the agent guide and MCP. */
export const UNDOCUMENTED_ROUTES: { path: string; reason: string }[] = [
  { path: '/openapi.json', reason: 'the document itself' },
  { path: '/openapi.yaml', reason: 'the document itself, as YAML' },
  { path: '/docs', reason: 'the HTML reference rendered from the document' },
  { path: '/docs/scalar.js', reason: 'the script of that reference' },
  { path: '/llms.txt', reason: 'the plain-text guide for agents, which points at the document' },
  {
    path: '/mcp',
    reason: 'Model Context Protocol (JSON-RPC) endpoint; its tools are generated from the document',
  },
  {
    path: '/metrics',
    reason: 'Prometheus exposition for the scraper (own METRICS_TOKEN), not an API operation',
  },
  {
    path: '/.well-known/oauth-protected-resource',
    reason: 'OAuth protected-resource metadata (RFC 9728) for the API',
  },
  {
    path: '/.well-known/oauth-protected-resource/mcp',
    reason: 'OAuth protected-resource metadata (RFC 9728) for /mcp',
  },
  {
    path: '/.well-known/oauth-authorization-server',
    reason: 'OAuth authorization server metadata (RFC 8414)',
  },
  {
    path: '/.well-known/openid-configuration',
    reason: 'the same server metadata where OpenID clients look for it',
  },
  { path: '/oauth/authorize', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  { path: '/oauth/authorize/{uid}', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  { path: '/oauth/jwks', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  { path: '/oauth/token', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  { path: '/oauth/register', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  { path: '/oauth/revoke', reason: 'the OAuth 2.1 authorization server, answering as its RFCs say' },
  {
    path: '/feeds/{file}',
    reason: 'iCalendar feeds (text/calendar) at secret URLs that createFeed hands out',
  },
];

const undocumentedPatterns = UNDOCUMENTED_ROUTES.map(
  (route) => new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
);
const isUndocumented = (path: string) => undocumentedPatterns.some((pattern) => pattern.test(path));

const documentPath = fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url));

export class ConformanceChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; literals: number }[];

  constructor(readonly document: OpenApiDocument = JSON.parse(readFileSync(documentPath, 'utf8'))) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
    (typeof addFormats === 'function' ? addFormats : (addFormats as { default: typeof addFormats }).default)(
      this.ajv,
    );
    // The whole document is one schema resource, so `#/components/schemas/…` references resolve inside it.
    this.ajv.addSchema({ $id: 'openapi.json', components: document.components, paths: document.paths });
    this.templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`,
        ),
        literals: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
      }))
      // /tasks/events before /tasks/{id}: the most literal template wins.
      .sort((a, b) => b.literals - a.literals);
  }

  /** The documented path template a concrete URL belongs to, if any. */
  templateFor(url: string): string | undefined {
    // The server ignores one trailing slash (routerOptions.ignoreTrailingSlash), so `/tasks/` is `/tasks`.
    const path = url.split('?')[0]!.replace(/(.)\/$/, '$1');
    return this.templates.find(({ pattern }) => pattern.test(path))?.template;
  }

  /** Problems with one response to `method template`; empty when it conforms. */
  check(method: string, template: string, response: ObservedResponse): string[] {
    const operation = this.document.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method.toUpperCase()} ${template} is not a documented operation`];
    const status = String(response.status);
    const declared =
      operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    if (!declared) {
      return [`status ${status} is not documented for ${operation.operationId}`];
    }
    const contentType = headerOf(response, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    const content = declared.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      const text = response.text ?? '';
      return text.length > 0
        ? [`${operation.operationId} ${status} is documented without a body, got one`]
        : [];
    }
    if (!contentType || !mediaTypes.includes(contentType)) {
      return [
        `${operation.operationId} ${status}: content type ${contentType ?? '(none)'} is not one of ${mediaTypes.join(', ')}`,
      ];
    }
    // A stream's body is a sequence of frames, not one JSON value; its type and status are what can be checked.
    if (!contentType.endsWith('json')) return [];
    const validate = this.validatorFor(template, method.toLowerCase(), status, contentType);
    const body =
      response.body !== undefined && !isEmptyObject(response.body) ? response.body : parse(response.text);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${operation.operationId} ${status}: body${error.instancePath || ''} ${error.message ?? 'is invalid'}` +
        (error.keyword === 'additionalProperties'
          ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
          : ''),
    );
  }

  /** A path outside the document may only get the catch-all 404, as a Problem. */
  checkUnrouted(method: string, path: string, response: ObservedResponse): string[] {
    const where = `${method.toUpperCase()} ${path} (no documented path)`;
    if (response.status !== 404) return [`${where} answered ${response.status}, not 404`];
    const contentType = headerOf(response, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/problem+json') return [`${where}: 404 is not application/problem+json`];
    this.problemValidator ??= this.ajv.compile({ $ref: 'openapi.json#/components/schemas/Problem' });
    const body =
      response.body !== undefined && !isEmptyObject(response.body) ? response.body : parse(response.text);
    if (this.problemValidator(body)) return [];
    return (this.problemValidator.errors ?? []).map(
      (error) => `${where}: body${error.instancePath} ${error.message}`,
    );
  }

  private problemValidator: ValidateFunction | undefined;

  private validatorFor(
    template: string,
    method: string,
    status: string,
    contentType: string,
  ): ValidateFunction {
    const key = `${method} ${template} ${status} ${contentType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const pointer = ['paths', template, method, 'responses', status, 'content', contentType, 'schema']
        .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

const headerOf = (response: ObservedResponse, name: string): string | undefined => {
  const value = response.headers[name] ?? response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
const isEmptyObject = (value: unknown) =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
const parse = (text: string | undefined): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
};

let shared: ConformanceChecker | undefined;
const checker = () => (shared ??= new ConformanceChecker());
const mismatches: Mismatch[] = [];
let checked = 0;

/** Checks one response by its concrete URL; routes outside the document (see UNDOCUMENTED_ROUTES) are skipped. */
export function recordResponse(method: string, url: string, response: ObservedResponse): void {
  const path = new URL(url, 'http://local').pathname;
  if (isUndocumented(path)) return;
  // CORS preflights are answered by the CORS plugin for every path; the document declares no OPTIONS operation.
  if (method.toLowerCase() === 'options') return;
  checked += 1;
  const template = checker().templateFor(path);
  const problems = template
    ? checker().check(method, template, response)
    : checker().checkUnrouted(method, path, response);
  for (const problem of problems)
    mismatches.push({ method: method.toUpperCase(), url, status: response.status, problem });
}

type Requester = (
  url: string,
  ...rest: unknown[]
) => { on(event: 'response', listener: (r: ObservedResponse) => void): unknown };
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/**
 * Wraps a supertest agent (or `supertest(server)`) in place so that every response it receives is checked
 * against the document. Returns the same agent, so the type and chaining are unchanged.
 */
export function conformant<T extends object>(agent: T): T {
  const target = agent as unknown as Record<string, Requester> & { __conformant?: boolean };
  if (target.__conformant) return agent;
  for (const method of METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = (url: string, ...rest: unknown[]) => {
      const test = original.call(agent, url, ...rest);
      test.on('response', (response) => recordResponse(method, url, response));
      return test;
    };
  }
  target.__conformant = true;
  return agent;
}

/** The mismatches recorded so far in this test file (and how many responses were checked). */
export const conformanceReport = () => ({ checked, mismatches: [...mismatches] });

/** Throws, listing every mismatch, if any response so far did not conform. Use in afterAll. */
export function assertConformance(): void {
  if (mismatches.length === 0) return;
  const lines = mismatches.map((m) => `  ${m.method} ${m.url} → ${m.status}: ${m.problem}`);
  throw new Error(
    `${mismatches.length} response(s) do not conform to openapi/openapi.json:\n${lines.join('\n')}`,
  );
}

/** Forgets what was recorded (for tests of the checker itself). */
export function resetConformance(): void {
  mismatches.length = 0;
  checked = 0;
}

/**
 * The app's route table from Fastify's printRoutes() tree, as `METHOD /path/{param}` (HEAD and the CORS OPTIONS
 * catch-all left out: Fastify adds them itself).
 */
export function mountedRoutes(printedTree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of printedTree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack[depth] = match[2]!;
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD' && !(method === 'OPTIONS' && path === '*'))
        routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

/** The document's operations as `METHOD /path/{param}`. */
export const documentedRoutes = (document: OpenApiDocument = checker().document): string[] =>
  Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
