import type postgres from 'postgres';

/**
 * Statements with more parameters than this stay unnamed: their SQL grows with their size (bulk inserts, long id
 * lists), so naming them would leave a connection holding one prepared statement per size.
 */
export const MAX_PREPARED_PARAMETERS = 64;

type Unsafe = postgres.Sql['unsafe'];

/**
 * drizzle asks postgres.js to prepare only the statements made with `.prepare(name)`. Every other statement with
 * parameters goes out unnamed, and postgres.js describes an unnamed statement before it runs it: two round trips
 * where a prepared one takes one, on every write of every transaction (bench/RESULTS.md, round 11). On a direct
 * connection this client names them instead (postgres.js keeps them per connection, keyed by their SQL); behind a
 * transaction pooler it must not be used (a statement prepared on one server connection is unknown on the next).
 */
export function preparedByDefault<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  const unsafe: Unsafe = (query, parameters, options) =>
    client.unsafe(
      query,
      parameters,
      parameters && parameters.length > 0 && parameters.length <= MAX_PREPARED_PARAMETERS
        ? { ...options, prepare: true }
        : options,
    );
  // Transactions and savepoints hand their callback a connection-bound client of their own: it prepares too.
  const scoped =
    (open: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]) => {
      const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return open(...args, (tx: postgres.TransactionSql) => callback(preparedByDefault(tx)));
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as
          ((...args: unknown[]) => Promise<unknown>) | undefined;
        return open && scoped(open.bind(target));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
