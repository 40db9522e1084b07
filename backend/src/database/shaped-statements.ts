import type { Query, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './database-client.js';
import { rowsOf } from './database.service.js';

const dialect = new PgDialect();

/** Shapes kept at most: the column sets of inserts and updates are few, but one is never allowed to grow a map. */
const MAX_SHAPES = 512;

/**
 * Statements on any executor (the pool or a transaction) whose SQL, with named placeholders, is built once per
 * shape. drizzle's SQL building (`sqlToQuery` walking the chunks) cost ~13 % of the API's CPU on a create before
 * this (bench/RESULTS.md, round 12); a shaped statement fills its placeholders and hands the text to the driver.
 * Values go to the driver as they are: encode them first (a Date as ISO text, say), as a column would.
 */
export class ShapedStatements {
  private readonly queries = new Map<string, Query>();

  async rows<T>(
    executor: Executor,
    shape: string,
    build: () => SQL,
    values: Record<string, unknown>,
  ): Promise<T[]> {
    let query = this.queries.get(shape);
    if (!query) {
      query = dialect.sqlToQuery(build());
      if (this.queries.size < MAX_SHAPES) this.queries.set(shape, query);
    }
    // Unnamed: on a direct connection the driver still prepares it (database/prepared-by-default.ts).
    const statement = executor._.session.prepareQuery(query, undefined, undefined, false);
    // Both drivers' prepared queries have all(), which returns the driver's rows; drizzle's shared type omits it.
    return rowsOf<T>(await (statement as unknown as PreparedRows).all(values));
  }
}

interface PreparedRows {
  all(values: Record<string, unknown>): Promise<unknown>;
}
