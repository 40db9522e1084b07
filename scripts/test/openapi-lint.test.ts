// Lints the committed OpenAPI document with Redocly CLI (recommended + stricter operation rules) and Spectral
// (spectral:oas + OWASP API Security Top 10), then checks what neither linter knows: every operation carries
// what an agent needs (examples, every error as problem+json, security, bounded parameters).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const openapiDir = join(root, 'openapi');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const document = JSON.parse(readFileSync(join(openapiDir, 'openapi.json'), 'utf8')) as OpenApi;

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string; schema?: Json; example?: unknown }[];
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Json; example?: unknown }> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
);
const apiOperations = operations.filter(({ path }) => path.startsWith('/api/'));

const run = (command: string, args: string[]) =>
  spawnSync(command, args, {
    cwd: openapiDir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('OpenAPI lint', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('passes Redocly (recommended ruleset, operation rules as errors) with zero errors and warnings', () => {
    const result = run(bin('redocly'), [
      'lint',
      'openapi.json',
      '--config',
      'redocly.yaml',
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(result.status, result.stderr).toBe(0);
  });

  it('passes Spectral (oas + OWASP ruleset) with zero errors and zero unexplained warnings', () => {
    const result = run(bin('spectral'), [
      'lint',
      'openapi.json',
      '--format',
      'json',
      '--fail-severity',
      'warn',
    ]);
    const output = result.stdout.slice(result.stdout.indexOf('['), result.stdout.lastIndexOf(']') + 1);
    const findings = JSON.parse(output || '[]') as { code: string; path: string[]; severity: number }[];
    expect(
      findings.map((f) => `${f.code} at ${f.path.join('/')}`),
      'every accepted finding is switched off with a reason in openapi/.spectral.yaml',
    ).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });

  it('explains every disabled rule and accepted finding in one line', () => {
    const accepting: Record<string, RegExp> = {
      '.spectral.yaml': /:\s*off\s*$/, // a rule switched off, globally or for listed paths
      'redocly.yaml': /:\s*off\s*$/,
      '.redocly.lint-ignore.yaml': /^ {2}[\w-]+:\s*$/, // a rule with accepted findings
    };
    for (const [file, pattern] of Object.entries(accepting)) {
      const lines = readFileSync(join(openapiDir, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (!pattern.test(line)) return;
        // The nearest line above that is not another accepted rule must be the comment giving the reason.
        const reason = lines
          .slice(0, index)
          .reverse()
          .find((above) => !pattern.test(above));
        expect(reason?.trim().startsWith('#'), `${file}:${index + 1} ${line.trim()} needs a reason`).toBe(
          true,
        );
      });
    }
  });
});

describe('OpenAPI operations', () => {
  it('has stable camelCase operationIds, verb first, unique', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(
        /^(list|get|create|quickAdd|update|delete|move|stream|restore|erase|empty|register|login|refresh|logout|revoke|check|accept|remove|export|import|rotate)[A-Z]?\w*$/,
      );
  });

  it.each(apiOperations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.operation] as const))(
    '%s has a summary, a description, a tag and its security requirement',
    (_name, operation) => {
      expect(operation.summary?.length).toBeGreaterThan(3);
      expect(operation.description?.length).toBeGreaterThan(60);
      expect(operation.tags).toHaveLength(1);
      expect(Array.isArray(operation.security)).toBe(true);
    },
  );

  it.each(apiOperations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.operation] as const))(
    '%s has request and response examples and documents every error as problem+json',
    (_name, operation) => {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect(media.example, 'request example').toBeDefined();
      }
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      expect(statuses).toContain('500');
      if (operation.security?.length) expect(statuses).toContain('401');
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.entries(response.content ?? {});
        if (Number(status) >= 400) {
          expect(media.map(([type]) => type)).toEqual(['application/problem+json']);
          expect(media[0]![1].schema).toEqual({ $ref: '#/components/schemas/Problem' });
          expect((media[0]![1].example as Json).status).toBe(Number(status));
        } else {
          for (const [type, content] of media) {
            expect(content.example, `${status} ${type} example`).toBeDefined();
          }
        }
      }
    },
  );

  it('bounds every parameter and names it', () => {
    for (const { operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        expect(parameter.description, parameter.name).toBeTruthy();
        const schema = parameter.schema ?? {};
        if (schema.type === 'string') expect(schema.maxLength ?? schema.enum, parameter.name).toBeDefined();
        if (schema.type === 'integer')
          expect([schema.minimum, schema.maximum, schema.format]).not.toContain(undefined);
      }
    }
  });

  it('documents Idempotency-Key on createTask and If-Match on updateTask', () => {
    const names = (path: string, method: string) =>
      (document.paths[path]![method]!.parameters ?? []).map((p) => p.name);
    expect(names('/api/v1/tasks', 'post')).toContain('Idempotency-Key');
    expect(names('/api/v1/tasks/{id}', 'patch')).toContain('If-Match');
  });

  it('names schemas as on the wire, without Dto suffixes, each with a description or examples', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(name).not.toMatch(/Dto$/);
      expect(schema.description ?? schema.examples, name).toBeDefined();
    }
  });
});
