import { STATUS_CODES } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { type ApiHeader, endpointHandlers, endpointSpecs, type EndpointSpec } from './api-endpoint.js';
import { REQUIRED_SCOPE, type ScopeRequirement } from '../common/principal.js';
import { addFormatBounds } from './bounds.js';
import { componentExample, problemExample } from './examples.js';
import { healthPaths } from './health-paths.js';
import { documentSections, requestSchemas, responseSchemas } from './registries.js';
import { problemSchema } from './problem.schema.js';

type Json = Record<string, unknown>;

type Registry = typeof requestSchemas;

/** The component id of a schema an endpoint references; each must be declared in the registry of its direction. */
function componentId(registry: Registry, schema: z.ZodType): string {
  const id = registry.get(schema)?.id;
  if (!id) {
    const direction = registry === requestSchemas ? 'requestSchemas' : 'responseSchemas';
    throw new Error(`an endpoint references a schema that is not a component of ${direction}`);
  }
  return id;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const HEADERS: Record<ApiHeader, Json> = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the request safe to retry: the same key and body return the first response and act once; the same ' +
      'key with a different body is 422. Keys are kept for 24 hours. A UUID is ideal.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    example: '5d0c8a7e-6f1b-4c2d-9e3a-7b8c9d0e1f2a',
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The task `version` you last saw (e.g. `"3"`); a different current version is 412.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]{1,9}"?$', maxLength: 13 },
    example: '"3"',
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from a previous response; 304 when nothing changed.',
    schema: { type: 'string', maxLength: 256 },
  },
  'Last-Event-ID': {
    name: 'Last-Event-ID',
    in: 'header',
    required: false,
    description: 'The id of the last event received; missed events are replayed, or a `reset` event is sent.',
    schema: { type: 'string', maxLength: 64 },
  },
};

const API_DESCRIPTION = `A task list API for people and their agents.

Authenticate with \`Authorization: Bearer <token>\`, where the token is either an access token from
\`login\`/\`register\` (15 minutes; renew with \`refreshTokens\`) or a personal access token from \`createToken\`
(scopes \`tasks:read\`, \`tasks:write\`). Every error is \`application/problem+json\` (RFC 9457); validation errors
name each field in \`errors\`. Lists page with opaque cursors. Live changes stream from \`streamTaskEvents\`.

Agents: read \`/llms.txt\` for a short guide, or connect a Model Context Protocol client to \`/mcp\` with a personal
access token.`;

// Throttled routes (auth) send these on every answer while rate limiting is on (@nestjs/throttler).
const RATE_LIMIT_HEADERS: Json = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per client IP in the current window (present while rate limiting is on).',
    schema: { type: 'integer', minimum: 1, maximum: 100000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0, maximum: 100000 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets.',
    schema: { type: 'integer', minimum: 0, maximum: 3600 },
  },
};

const RETRY_AFTER: Json = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0, maximum: 3600 },
  },
};

/** The OpenAPI 3.1 document: routes from the Nest app, everything else from the endpoint specs and zod schemas. */
export function buildDocument(app: INestApplication, version = '1.0.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Todo API')
    .setDescription(API_DESCRIPTION)
    .setVersion(version)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This server: every environment (local, staging, production) serves its own copy.')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'Either an access token from `login`/`register` (a JWS signed with HS256 only, issuer, audience and expiry ' +
          'checked, following the RFC8725 best practices) or a personal access token from `createToken` (opaque, ' +
          'prefixed `todo_pat_`, scoped, revocable).',
      },
      'bearer',
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'OAuth 2.1 for agents that connect with the /mcp URL alone: discovery through ' +
          '`/.well-known/oauth-protected-resource` (RFC 9728) and `/.well-known/oauth-authorization-server` ' +
          '(RFC 8414), dynamic registration (RFC 7591) or a client ID metadata document, authorization code with ' +
          "PKCE S256, the person approving on the web app's consent page. Send the access token as a bearer " +
          'token; it is held to the same scopes as a personal access token. These access tokens are opaque, not JWTs ' +
          '(so RFC8725 has nothing to check), bound to this API as their resource (RFC 8707), and revocable.',
        flows: {
          authorizationCode: {
            authorizationUrl: '/oauth/authorize',
            tokenUrl: '/oauth/token',
            refreshUrl: '/oauth/token',
            scopes: {
              'tasks:read': 'Read tasks and trash.',
              'tasks:write': 'Change tasks (implies read).',
            },
          },
        },
      },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  const schemas = componentSchemas();
  completeOperations(document, schemas);
  Object.assign(document.paths, healthPaths());
  // The API is public-facing: the same document describes every environment.
  (document.servers ?? []).forEach((server) => Object.assign(server, { 'x-internal': false }));
  document.tags = [
    { name: 'Auth', description: 'Accounts and sessions.' },
    { name: 'Users', description: 'The signed-in user.' },
    { name: 'Tasks', description: 'Your tasks: create, list, change, complete, trash.' },
    { name: 'Projects', description: 'Projects (your Inbox among them) that hold tasks; trash and restore.' },
    { name: 'Sections', description: 'Sections that group the tasks of a project.' },
    { name: 'Trash', description: 'Trashed tasks: restore or erase.' },
    { name: 'Tokens', description: 'Personal access tokens for agents and scripts.' },
    {
      name: 'OAuth',
      description: 'Agents connected with OAuth 2.1: the consent decision and connected apps.',
    },
    { name: 'Feeds', description: 'Secret iCalendar addresses of your tasks for calendar apps.' },
    { name: 'Webhooks', description: 'Signed HTTPS callbacks for live events (Standard Webhooks).' },
    { name: 'Portability', description: 'Export everything you own; import it back, or from Todoist.' },
    { name: 'Health', description: 'Probes for orchestrators.' },
  ];
  document.components = { ...document.components, schemas: schemas as never };
  for (const [name, section] of documentSections) Object.assign(document, { [name]: section() });
  addFormatBounds(document.paths);
  addFormatBounds(document.components);
  return sortKeys(document) as OpenAPIObject;
}

function componentSchemas(): Json {
  const uri = (id: string) => `#/components/schemas/${id}`;
  // Component metadata (description, examples) lives in our registries, field docs (.describe) in zod's global one.
  const metadataOf = (registry: Registry) => ({
    get: (schema: z.ZodType) => {
      const own = registry.get(schema);
      const global = z.globalRegistry.get(schema);
      return own || global ? { ...global, ...own } : undefined;
    },
  });
  const convert = (registry: Registry, io: 'input' | 'output') =>
    (
      z.toJSONSchema(registry, {
        uri,
        io,
        target: 'draft-2020-12',
        unrepresentable: 'any',
        metadata: metadataOf(registry) as never,
      }) as { schemas: Json }
    ).schemas;
  const schemas = { ...convert(responseSchemas, 'output'), ...convert(requestSchemas, 'input') };
  // zod drops `examples` from input schemas that transform (e.g. a lower-cased email); request examples are
  // written as the client sends them, so they belong on the input side too.
  for (const registry of [requestSchemas, responseSchemas]) {
    const ids = (registry as unknown as { _idmap: Map<string, z.ZodType> })._idmap;
    for (const [id, schema] of ids) {
      const examples = registry.get(schema)?.examples;
      const component = schemas[id] as Json | undefined;
      if (component && examples && component.examples === undefined) component.examples = examples;
    }
  }
  for (const schema of Object.values(schemas)) {
    delete (schema as Json).$schema;
    delete (schema as Json).$id;
    dropFormatPatterns(schema);
  }
  return schemas;
}

// zod adds a regex beside `format` for uuid, email and date-time; the format says it more readably.
function dropFormatPatterns(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(dropFormatPatterns);
  if (!value || typeof value !== 'object') return;
  const schema = value as Json;
  if (typeof schema.format === 'string' && typeof schema.pattern === 'string') delete schema.pattern;
  Object.values(schema).forEach(dropFormatPatterns);
}

function completeOperations(document: OpenAPIObject, schemas: Json): void {
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const operation of Object.values(pathItem as Record<string, Json>)) {
      const spec = endpointSpecs.get(operation.operationId as string);
      if (!spec) throw new Error(`route without @ApiEndpoint: ${String(operation.operationId)}`);
      Object.assign(operation, operationFor(spec, path, schemas));
    }
  }
}

/**
 * An operation from its spec; every one also documents 500, which the problem filter answers for any bug, and 503
 * with Retry-After, its answer while the database is unreachable or the pool has no connection to spare.
 */
function operationFor(spec: EndpointSpec, path: string, schemas: Json): Json {
  const responses: Json = {};
  const rateHeaders = spec.rateLimited ? RATE_LIMIT_HEADERS : {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const headers = { ...rateHeaders, ...response.headers };
    const id = response.schema && componentId(responseSchemas, response.schema);
    const example = response.example ?? (id ? componentExample(schemas, id) : undefined);
    responses[status] = {
      description: response.description,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(id
        ? {
            content: {
              [response.contentType ?? 'application/json']: {
                schema: ref(id),
                ...(example === undefined ? {} : { example }),
              },
            },
          }
        : {}),
    };
  }
  for (const status of [...new Set([...spec.errors, 500, 503])].sort((a, b) => a - b)) {
    const retries = status === 429 || status === 503;
    const headers = { ...(status < 500 ? rateHeaders : {}), ...(retries ? RETRY_AFTER : {}) };
    responses[status] = {
      description: STATUS_CODES[status] ?? 'Error',
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: {
        'application/problem+json': {
          schema: ref(componentId(responseSchemas, problemSchema)),
          example: problemExample(status, path),
        },
      },
    };
  }
  const bodyId = spec.body && componentId(requestSchemas, spec.body);
  const requestExample = bodyId ? (spec.bodyExample ?? componentExample(schemas, bodyId)) : undefined;
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    security: securityOf(spec),
    parameters: [
      ...pathParameters(spec),
      ...queryParameters(spec),
      ...(spec.headers ?? []).map((h) => HEADERS[h]),
    ],
    ...(bodyId
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref(bodyId),
                ...(requestExample === undefined ? {} : { example: requestExample }),
              },
              ...spec.bodyAlternatives,
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * Bearer tokens everywhere but on public routes; OAuth access tokens (agents') too where the route admits
 * personal access tokens, with the scope it needs.
 */
function securityOf(spec: EndpointSpec): Json[] {
  if (spec.public) return [];
  const handler = endpointHandlers.get(spec.operationId);
  const scope = handler
    ? (Reflect.getMetadata(REQUIRED_SCOPE, handler) as ScopeRequirement | undefined)
    : undefined;
  if (!scope) return [{ bearer: [] }];
  return [{ bearer: [] }, { oauth2: scope === 'any' ? [] : [scope] }];
}

function pathParameters(spec: EndpointSpec): Json[] {
  return Object.entries(spec.pathParams ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string', format: 'uuid', maxLength: 36 },
    example: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
  }));
}

function queryParameters(spec: EndpointSpec): Json[] {
  if (!spec.query) return [];
  const schema = z.toJSONSchema(spec.query, { io: 'input', target: 'draft-2020-12' }) as {
    properties: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    if (name === 'limit') Object.assign(rest, { type: 'integer' });
    return {
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      description,
      schema: rest,
    };
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Json)[key])]),
    );
  }
  return value;
}
