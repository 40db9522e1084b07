import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type postgres from 'postgres';

const tracer = trace.getTracer('todo-api.database');

/**
 * One `db.query` span per statement, child of the active span (the request's). The text is drizzle's
 * parameterised SQL (`$1`, `$2`…): parameter values never reach a span. Applied only when traces are exported
 * (database-client.ts), so without an exporter statements take the plain path.
 */
function startQuerySpan(text: string): Span {
  return tracer.startSpan('db.query', {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system.name': 'postgresql',
      'db.query.text': text,
      'db.operation.name': /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase(),
    },
  });
}

function endQuerySpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const code = (error as { code?: unknown }).code;
    // PostgreSQL's SQLSTATE (23505, 57014…) when the server refused the statement.
    if (typeof code === 'string') span.setAttributes({ 'db.response.status_code': code, 'error.type': code });
    else span.setAttribute('error.type', (error as Error).name ?? 'Error');
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  }
  span.end();
}

type PostgresSql = postgres.Sql | postgres.TransactionSql;

/**
 * postgres.js with a span around every `unsafe` (drizzle sends each statement through it) on the pool and inside
 * transactions and savepoints. The lazy query object itself is handed back, so drizzle can still call `.values()`
 * and the pool bound can still withdraw it (bounded-pool.ts); the span ends when it settles.
 */
export function tracePostgres<T extends PostgresSql>(sql: T): T {
  const unsafe = (...args: Parameters<postgres.Sql['unsafe']>) => {
    const span = startQuerySpan(args[0]);
    const query = sql.unsafe(...args);
    // Attached in the same tick, before drizzle's `.values()` and before postgres.js sends the query.
    query.then(
      () => endQuerySpan(span),
      (error: unknown) => endQuerySpan(span, error),
    );
    return query;
  };
  const wrapCallback =
    (callback: (tx: postgres.TransactionSql) => unknown) => (tx: postgres.TransactionSql) =>
      callback(tracePostgres(tx));
  const scoped = (method: 'begin' | 'savepoint') => {
    const original = (sql as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
    return (...args: unknown[]) => {
      const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return original.call(sql, ...args, wrapCallback(callback));
    };
  };
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin' || property === 'savepoint') return scoped(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

type PgliteQueryable = PGlite | PgliteTransaction;

/** PGlite with a span around every `query` (drizzle's statements), in transactions too. */
export function tracePglite<T extends PgliteQueryable>(pg: T): T {
  const query = async (...args: Parameters<PGlite['query']>) => {
    const span = startQuerySpan(args[0]);
    try {
      const result = await pg.query(...args);
      endQuerySpan(span);
      return result;
    } catch (error) {
      endQuerySpan(span, error);
      throw error;
    }
  };
  const transaction = <R>(callback: (tx: PgliteTransaction) => Promise<R>) =>
    (pg as PGlite).transaction((tx) => callback(tracePglite(tx)));
  return new Proxy(pg, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      if (property === 'transaction' && 'transaction' in target) return transaction;
      const value = Reflect.get(target, property, receiver) as unknown;
      // PGlite's methods use private fields: call them on the instance, not on the proxy.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
