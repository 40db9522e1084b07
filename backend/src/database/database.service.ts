import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { AppConfig } from '../config/app-config.js';
import { createDatabaseClient, type DatabaseClient, latestMigrationMillis } from './database-client.js';
import { BACKFILL_DONE } from './projects-backfill.js';

export const DATABASE_CLIENT = Symbol('DATABASE_CLIENT');
const PING = sql`select 1`;

@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  private readonly requiredMigration = latestMigrationMillis();

  constructor(
    @Inject(DATABASE_CLIENT) readonly client: DatabaseClient,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.env.DB_MIGRATE_ON_START) await this.client.migrate();
  }

  get db() {
    return this.client.db;
  }

  private migrated = false;

  /**
   * Resolves when the database answers and has every migration of this build. Every call pings; the migration
   * query runs only until it has once succeeded (applied migrations do not disappear under a running process).
   */
  async checkReady(): Promise<{ reachable: true; migrated: boolean }> {
    await this.db.execute(PING);
    if (this.migrated) return { reachable: true, migrated: true };
    const rows = await this.db.execute(
      sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    const latest = Number(rowsOf<{ latest: string | null }>(rows)[0]?.latest ?? 0);
    // The migrations' data steps (projects-backfill.ts) run after the migrator: ready only once they are done.
    const backfilled =
      latest >= this.requiredMigration &&
      rowsOf<{ done: boolean }>(await this.db.execute(sql.raw(BACKFILL_DONE)))[0]?.done === true;
    this.migrated = backfilled;
    return { reachable: true, migrated: this.migrated };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

export const databaseClientProvider = {
  provide: DATABASE_CLIENT,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => createDatabaseClient(config),
};

/** postgres.js returns an array of rows, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
