import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { assertConformance, conformanceReport, recordResponse } from '../support/conformance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { hostileValue, mutated, valueOf } from './schema-arbitrary.js';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: Json;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  security?: unknown[];
}

const document = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url)), 'utf8'),
) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
const components = document.components.schemas;

/** Seeded and bounded: FUZZ_RUNS per operation (default 120 ≈ 2,000 requests in ~60 s), FUZZ_SEED to replay. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_801);
// The stream never ends by itself, so it cannot be fuzzed request/response style; its own suite covers it.
const SKIPPED = new Set(['streamTaskEvents']);

// '', '.' and '..' are not ids: the client resolves them away and the request goes to another path
// (`/api/v1/tasks/` answers 400 from the `:id` route with an empty id; reported, not this suite's concern).
const junkSegment = fc.string({ maxLength: 40 }).filter((s) => !/^\.{0,2}$/.test(s));

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, operation]) => !SKIPPED.has(operation.operationId))
    .map(([method, operation]) => ({ path, method, operation })),
);

describe('OpenAPI-driven fuzzing', () => {
  let sut: TestApp;
  let user: SignedInUser;
  const real = { ids: [] as string[] };
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    sut = await startTestApp();
    user = await signUp(sut);
    for (let i = 0; i < 5; i += 1) real.ids.push((await createTask(sut, user, { title: `seed ${i}` })).id);
  });
  afterAll(async () => {
    await sut.close();
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.info(`[fuzz] seed ${SEED}, ${RUNS} runs/operation, statuses: ${summary.join(' ')}`);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s: no 5xx, every response as documented',
    async (_name, { path, method, operation }) => {
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content['application/json'].schema;
      const validBody = bodySchema ? valueOf(bodySchema, components) : fc.constant(undefined);
      const request = fc.record({
        path: fc.record(
          Object.fromEntries(
            parameters
              .filter((p) => p.in === 'path')
              .map((p) => [p.name, fc.oneof(fc.constantFrom(...real.ids), fc.uuid(), junkSegment)]),
          ),
        ),
        query: fc.record(
          Object.fromEntries(
            parameters
              .filter((p) => p.in === 'query')
              .map((p) => [p.name, fc.oneof(valueOf(p.schema, components), hostileValue)]),
          ),
          { requiredKeys: [] },
        ),
        headers: fc.record(
          Object.fromEntries(
            parameters
              .filter((p) => p.in === 'header')
              .map((p) => [p.name, fc.oneof(valueOf(p.schema, components), fc.string({ maxLength: 60 }))]),
          ),
          { requiredKeys: [] },
        ),
        body: fc.oneof(
          { weight: 3, arbitrary: validBody },
          { weight: 2, arbitrary: mutated(validBody) },
          { weight: 1, arbitrary: hostileValue },
        ),
        authenticated: fc.oneof(
          { weight: 9, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
      });

      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          let url = path;
          for (const [name, value] of Object.entries(input.path)) {
            url = url.replace(`{${name}}`, encodeURIComponent(String(value)));
          }
          const query = new URLSearchParams();
          for (const [name, value] of Object.entries(input.query)) {
            query.set(name, typeof value === 'string' ? value : JSON.stringify(value));
          }
          if ([...query].length > 0) url += `?${query}`;
          let call = sut.http[method as 'get'](url);
          for (const [name, value] of Object.entries(input.headers)) {
            // Header values cannot carry control characters; HTTP clients refuse them before sending.
            call = call.set(name, String(value).replace(/[^\x20-\x7e]/g, '?'));
          }
          if (input.authenticated) call = call.set(user.auth);
          if (bodySchema)
            call = call.set('content-type', 'application/json').send(JSON.stringify(input.body ?? null));
          const response = await call;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          recordResponse(method, url, response);
          expect(
            response.status,
            `${method.toUpperCase()} ${url} → ${response.status} ${response.text}`,
          ).toBeLessThan(500);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    120_000,
  );

  it('every response conformed to the document', () => {
    expect(conformanceReport().checked).toBeGreaterThan(0);
    assertConformance();
  });
});
