import { STATUS_CODES } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { type ApiHeader, endpointSpecs, type EndpointSpec } from './api-endpoint.js';
import { healthPaths } from './health-paths.js';
import { requestSchemas, responseSchemas } from './registries.js';
import '../common/problem.schema.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const HEADERS: Record<ApiHeader, Json> = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the request safe to retry: the same key and body return the first response and act once; the same ' +
      'key with a different body is 422. Keys are kept for 24 hours. A UUID is ideal.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The task `version` you last saw (e.g. `"3"`); a different current version is 412.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]{1,9}"?$' },
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from a previous response; 304 when nothing changed.',
    schema: { type: 'string' },
  },
  'Last-Event-ID': {
    name: 'Last-Event-ID',
    in: 'header',
    required: false,
    description: 'The id of the last event received; missed events are replayed, or a `reset` event is sent.',
    schema: { type: 'string' },
  },
};

const API_DESCRIPTION = `A task list API for people and their agents.

Authenticate with \`Authorization: Bearer <token>\`, where the token is either an access token from
\`login\`/\`register\` (15 minutes; renew with \`refreshTokens\`) or a personal access token from \`createToken\`
(scopes \`tasks:read\`, \`tasks:write\`). Every error is \`application/problem+json\` (RFC 9457); validation errors
name each field in \`errors\`. Lists page with opaque cursors. Live changes stream from \`streamTaskEvents\`.`;

/** The OpenAPI 3.1 document: routes from the Nest app, everything else from the endpoint specs and zod schemas. */
export function buildDocument(app: INestApplication, version = '1.0.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Todo API')
    .setDescription(API_DESCRIPTION)
    .setVersion(version)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An access token (JWT) or a personal access token.' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  completeOperations(document);
  Object.assign(document.paths, healthPaths());
  document.tags = [
    { name: 'Auth', description: 'Accounts and sessions.' },
    { name: 'Users', description: 'The signed-in user.' },
    { name: 'Tasks', description: 'Your tasks: create, list, change, complete, trash.' },
    { name: 'Trash', description: 'Trashed tasks: restore or erase.' },
    { name: 'Tokens', description: 'Personal access tokens for agents and scripts.' },
    { name: 'Health', description: 'Probes for orchestrators.' },
  ];
  document.components = { ...document.components, schemas: componentSchemas() as never };
  return sortKeys(document) as OpenAPIObject;
}

function componentSchemas(): Json {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const convert = (registry: typeof requestSchemas, io: 'input' | 'output') =>
    (
      z.toJSONSchema(registry, { uri, io, target: 'draft-2020-12', unrepresentable: 'any' }) as {
        schemas: Json;
      }
    ).schemas;
  const schemas = { ...convert(responseSchemas, 'output'), ...convert(requestSchemas, 'input') };
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

function completeOperations(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem as Record<string, Json>)) {
      const spec = endpointSpecs.get(operation.operationId as string);
      if (!spec) throw new Error(`route without @ApiEndpoint: ${String(operation.operationId)}`);
      Object.assign(operation, operationFor(spec));
    }
  }
}

function operationFor(spec: EndpointSpec): Json {
  const responses: Json = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.schema
        ? { content: { [response.contentType ?? 'application/json']: { schema: ref(response.schema) } } }
        : {}),
    };
  }
  for (const status of spec.errors) {
    responses[status] = {
      description: STATUS_CODES[status] ?? 'Error',
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    security: spec.public ? [] : [{ bearer: [] }],
    parameters: [
      ...pathParameters(spec),
      ...queryParameters(spec),
      ...(spec.headers ?? []).map((h) => HEADERS[h]),
    ],
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(spec.body) } } } }
      : {}),
    responses,
  };
}

function pathParameters(spec: EndpointSpec): Json[] {
  return Object.entries(spec.pathParams ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string', format: 'uuid' },
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
