import { context, trace } from '@opentelemetry/api';
import { node as traceNode } from '@opentelemetry/sdk-node';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/database/database-client.js';
import { openPglite } from '../../src/database/pglite.js';
import { tracePglite, tracePostgres } from '../../src/database/query-spans.js';
import type {} from '../support/provided.js';

const exporter = new traceNode.InMemorySpanExporter();
const provider = new traceNode.NodeTracerProvider({
  spanProcessors: [new traceNode.SimpleSpanProcessor(exporter)],
});
provider.register();
const tracer = trace.getTracer('query-spans.int-spec');

interface Subject {
  db: Database;
  close(): Promise<void>;
}

async function open(): Promise<Subject> {
  const provided = inject('database');
  if (provided.kind === 'postgres') {
    const client = postgres(provided.url, { max: 2, onnotice: () => undefined });
    return {
      db: drizzlePostgres(tracePostgres(client)) as unknown as Database,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const pg = openPglite('memory://');
  return { db: drizzlePglite(tracePglite(pg)) as unknown as Database, close: () => pg.close() };
}

/** Runs `work` under a parent span and returns that span's id. Drizzle's queries are lazy: awaited inside. */
async function underParent(work: () => PromiseLike<unknown>): Promise<string> {
  const parent = tracer.startSpan('request');
  try {
    await context
      .with(trace.setSpan(context.active(), parent), async () => {
        await work();
      })
      .catch(() => undefined);
  } finally {
    parent.end();
  }
  return parent.spanContext().spanId;
}

const querySpans = () => exporter.getFinishedSpans().filter((span) => span.name === 'db.query');

describe(`db.query spans on ${inject('database').kind}`, () => {
  let sut: Subject;
  beforeAll(async () => {
    sut = await open();
  });
  afterAll(async () => {
    await sut?.close();
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('records each statement as a child of the active span, with its text and without its parameters', async () => {
    const parentId = await underParent(() => sut.db.execute(sql`select ${'a secret value'}::text as v`));
    const [span, ...more] = querySpans();
    expect(more).toEqual([]);
    expect(span!.parentSpanContext?.spanId).toBe(parentId);
    expect(span!.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.query.text': 'select $1::text as v',
      'db.operation.name': 'SELECT',
    });
    expect(JSON.stringify(span!.attributes)).not.toContain('a secret value');
    expect(span!.status.code).toBe(0);
  });

  it('marks a statement the database refuses as an error, with its SQLSTATE', async () => {
    await underParent(() => sut.db.execute(sql`select 1 / ${0}::int`));
    const [span] = querySpans();
    expect(span!.status.code).toBe(2); // ERROR
    expect(span!.attributes['db.response.status_code']).toBe('22012'); // division_by_zero
    expect(span!.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('records the statements inside transactions and nested transactions', async () => {
    const parentId = await underParent(() =>
      sut.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 as outer_statement`);
        await tx.transaction((nested) => nested.execute(sql`select 2 as nested_statement`));
      }),
    );
    const texts = querySpans().map((span) => String(span.attributes['db.query.text']));
    expect(texts).toContain('select 1 as outer_statement');
    expect(texts).toContain('select 2 as nested_statement');
    for (const span of querySpans()) expect(span.parentSpanContext?.spanId).toBe(parentId);
  });
});
