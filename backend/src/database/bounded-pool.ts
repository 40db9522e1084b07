import type postgres from 'postgres';

/** A statement or transaction waited longer than the bound for a pool connection. */
export class PoolTimeoutError extends Error {
  readonly code = 'POOL_ACQUIRE_TIMEOUT';
  constructor(waitedMs: number) {
    super(`no database connection became free within ${waitedMs} ms`);
  }
}

export interface PoolCounters {
  queriesInFlight: number;
  transactions: number;
  operations: number;
}

type PendingQuery = postgres.PendingQuery<postgres.Row[]> & {
  state: unknown;
  reject: (error: unknown) => void;
};

/**
 * The pool as drizzle sees it: `unsafe` (every drizzle statement) and `begin` (transactions) counted, and neither
 * left waiting for a connection longer than `acquireTimeoutMs`. postgres.js pipelines statements onto busy
 * connections, so a statement only waits when every connection is reserved by a transaction; it would then wait
 * for as long as those take. A statement still queued at the bound is taken out of the queue (postgres.js'
 * `cancel()` of an unsent query) and fails with PoolTimeoutError; a transaction that got no connection in time
 * fails the same way, and rolls back at once if its connection comes later.
 */
export function boundedPool(client: postgres.Sql, max: number, acquireTimeoutMs: number) {
  const stats: PoolCounters = { queriesInFlight: 0, transactions: 0, operations: 0 };
  let reserved = 0;
  const settled = () => void (stats.queriesInFlight -= 1);

  const unsafe = (...args: Parameters<postgres.Sql['unsafe']>) => {
    const query = client.unsafe(...args) as unknown as PendingQuery;
    stats.queriesInFlight += 1;
    stats.operations += 1;
    // Only while every connection is reserved can the statement wait for one; otherwise it is pipelined at once.
    const timer = reserved >= max ? setTimeout(() => withdraw(query), acquireTimeoutMs) : undefined;
    const done = () => {
      clearTimeout(timer);
      settled();
    };
    // postgres.js queries are lazy thenables; this attaches in the same tick, before drizzle's `.values()`.
    query.then(done, done);
    return query;
  };

  const withdraw = (query: PendingQuery) => {
    // `state` is set once the statement is written to a connection; only then can it not be withdrawn.
    if (query.state !== null || reserved < max) return;
    const reject = query.reject;
    query.reject = () => reject(new PoolTimeoutError(acquireTimeoutMs));
    void query.cancel();
  };

  const begin = async (...args: unknown[]) => {
    const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
    stats.transactions += 1;
    stats.operations += 1;
    let state: 'waiting' | 'running' | 'abandoned' = 'waiting';
    // Only while every connection is reserved can the transaction wait for one.
    const mustWait = reserved >= max;
    const transaction = (client.begin as (...a: unknown[]) => Promise<unknown>)(
      ...args,
      async (tx: postgres.TransactionSql) => {
        if (state === 'abandoned') throw new PoolTimeoutError(acquireTimeoutMs);
        state = 'running';
        reserved += 1;
        try {
          return await callback(tx);
        } finally {
          reserved -= 1;
        }
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const acquireTimeout = new Promise<never>((_, reject) => {
      if (!mustWait) return;
      timer = setTimeout(() => {
        if (state !== 'waiting') return;
        state = 'abandoned';
        reject(new PoolTimeoutError(acquireTimeoutMs));
      }, acquireTimeoutMs);
    });
    // An abandoned transaction still settles later (rolled back at once); nobody awaits it.
    transaction.catch(() => undefined);
    try {
      return await Promise.race([transaction, acquireTimeout]);
    } finally {
      clearTimeout(timer);
      stats.transactions -= 1;
    }
  };

  const sql = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { sql, stats };
}
