import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { AppConfig } from '../config/app-config.js';
import type { Env } from '../config/env.schema.js';
import { boundedPool } from './bounded-pool.js';
import { preparedByDefault } from './prepared-by-default.js';
import { backfillProjects } from './projects-backfill.js';
import { tracePglite, tracePostgres } from './query-spans.js';
/**
 * No schema handed to drizzle: nothing uses its relational `db.query.*` API, and with a schema every transaction
 * builds a query builder per table before its first statement (~3 % of the API's CPU on a patch).
 */
export type Database = PgDatabase<PgQueryResultHKT>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the pool-level database or an open transaction: repositories accept both. */
export type Executor = Database | Transaction;

const MIGRATION_LOCK_ID = 7_404_211;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The one place that knows whether PostgreSQL or embedded PGlite runs. Everything above it sees `db`
 * (drizzle) and these few operations.
 */
export interface DatabaseClient {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Database;
  /** Whether statements on `db` may be prepared by name: not behind a transaction pooler (DATABASE_POOL_MODE). */
  readonly preparedStatements: boolean;
  migrate(): Promise<void>;
  /** Subscribes to a NOTIFY channel; `onReconnect` fires when the listening connection was re-established. */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/**
 * What the pool is doing, counted by a thin wrapper (postgres.js keeps its connection queues private): statements
 * awaiting an answer outside transactions, open transactions (one reserved connection each), and how many of both
 * were started. LISTEN and the migrator use their own connections and are not counted.
 */
export interface PoolStats {
  size: number;
  max: number;
  queriesInFlight: number;
  transactions: number;
  operations: number;
}

export async function createDatabaseClient(config: AppConfig): Promise<DatabaseClient> {
  const url = config.env.DATABASE_URL;
  return url
    ? createPostgresClient(url, config)
    : createPgliteClient(config.pgliteDataDir, config.tracesExported);
}

/**
 * Where each kind of connection goes and what it may rely on. The pool may be a transaction pooler, which hands
 * each transaction to any server connection: a statement prepared by name on one is unknown on the next (PgBouncer
 * before 1.21), and startup parameters it cannot carry over are refused (PgBouncer 1.18 tracks TimeZone and
 * application_name, not statement_timeout: the role or database sets that there, docs/operations.md). LISTEN and
 * the migrator's advisory lock are session state: they always go straight to PostgreSQL.
 */
export function postgresConnections(env: Env, url: string) {
  const pooled = env.DATABASE_POOL_MODE === 'transaction';
  // UTC sessions: timestamps come back as "+00", the form the column parser and the hot-read mapper expect
  // (another zone writes historic dates with a seconds offset, which Date cannot read).
  const session = { application_name: 'todo-api', TimeZone: 'UTC' };
  const direct = { statement_timeout: env.DB_STATEMENT_TIMEOUT_MS, ...session };
  return {
    // Behind a transaction pooler nothing is pipelined either: an unnamed statement is described (Flush, no
    // Sync) before it runs, and queued behind another statement its description reaches PgBouncer after that
    // statement's ReadyForQuery has handed the server back; PgBouncer 1.18 then drops the server as "dirty" and
    // the waiting connection never hears back (test/pooled/pgbouncer.e2e-spec.ts).
    pool: pooled
      ? { url, prepare: false, pipeline: false, connection: session }
      : { url, prepare: true, pipeline: true, connection: direct },
    listen: {
      url: env.DATABASE_LISTEN_URL ?? url,
      connection: { ...direct, application_name: 'todo-api-listen' },
    },
    migrate: { url: env.DATABASE_MIGRATE_URL ?? url },
  };
}

function createPostgresClient(url: string, config: AppConfig): DatabaseClient {
  const { DB_POOL_MAX, DB_CONNECT_TIMEOUT_MS } = config.env;
  const connections = postgresConnections(config.env, url);
  const common = { connect_timeout: DB_CONNECT_TIMEOUT_MS / 1000, onnotice: () => undefined };
  const client = postgres(connections.pool.url, {
    ...common,
    max: DB_POOL_MAX,
    idle_timeout: 60,
    max_lifetime: 30 * 60,
    prepare: connections.pool.prepare,
    // postgres.js pipelines while a connection has fewer than max_pipeline statements in flight: 0 sends one
    // at a time.
    ...(connections.pool.pipeline ? {} : { max_pipeline: 0 }),
    connection: connections.pool.connection,
  });
  // Only its LISTEN connection ever opens (postgres.js gives listen() a connection of its own).
  const listener = postgres(connections.listen.url, {
    ...common,
    max: 1,
    connection: connections.listen.connection,
  });
  const counted = boundedPool(
    connections.pool.prepare ? preparedByDefault(client) : client,
    DB_POOL_MAX,
    DB_CONNECT_TIMEOUT_MS,
  );
  // With traces exported, each statement drizzle sends is a `db.query` span (query-spans.ts).
  const sql = config.tracesExported ? tracePostgres(counted.sql) : counted.sql;
  const db = drizzlePostgres(sql) as unknown as Database;
  return {
    kind: 'postgres',
    db,
    preparedStatements: connections.pool.prepare,
    async migrate() {
      // One connection holding an advisory lock, so replicas starting together migrate one at a time.
      const single = postgres(connections.migrate.url, { max: 1, onnotice: () => undefined });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_FOLDER });
        await backfillProjects((text) => single.unsafe(text), true);
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async listen(channel, onMessage, onReconnect) {
      let first = true;
      const subscription = await listener.listen(channel, onMessage, () => {
        // postgres.js calls this after the first LISTEN and again after every reconnect.
        if (!first) onReconnect?.();
        first = false;
      });
      return () => subscription.unlisten();
    },
    notify: (channel, payload) => client.notify(channel, payload).then(() => undefined),
    poolStats: () => ({ size: DB_POOL_MAX, max: DB_POOL_MAX, ...counted.stats }),
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), listener.end({ timeout: 5 })]);
    },
  };
}

/** PGlite and its drizzle driver (~20 MB resident) are imported only when the embedded database is used. */
async function createPgliteClient(dataDir: string, traced: boolean): Promise<DatabaseClient> {
  const [{ openPglite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('./pglite.js'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  if (!dataDir.startsWith('memory://')) mkdirSync(dirname(dataDir), { recursive: true });
  const pg = openPglite(dataDir);
  await pg.exec(`set time zone 'UTC'`); // as on PostgreSQL (see createPostgresClient); PGlite is one session
  const db = drizzlePglite(traced ? tracePglite(pg) : pg) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    preparedStatements: true,
    async migrate() {
      await migratePglite(drizzlePglite(pg), { migrationsFolder: MIGRATIONS_FOLDER });
      await backfillProjects(async (text) => (await pg.query<Record<string, unknown>>(text)).rows, false);
    },
    async listen(channel, onMessage) {
      const unsubscribe = await pg.listen(channel, onMessage);
      return () => unsubscribe();
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    poolStats: () => ({ size: 1, max: 1, queriesInFlight: 0, transactions: 0, operations: 0 }),
    close: () => pg.close(),
  };
}

/** The newest migration this build ships; readiness requires the database to have it. */
export function latestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}
