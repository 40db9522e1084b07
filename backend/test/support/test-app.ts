import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../src/app.setup.js';
import { AppConfig } from '../../src/config/app-config.js';
import { DatabaseService } from '../../src/database/database.service.js';
import { apiDatabaseEnv } from './database-env.js';
import type {} from './provided.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest.agent>;
  database: DatabaseService;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Boots the real application (Fastify, guards, filters, database) on this run's database without opening a
 * port; supertest drives it over real HTTP through the server object.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const provided = inject('database');
  let cleanup = () => undefined as void;
  let databaseEnv: Record<string, string> = {};
  if (provided.kind === 'postgres') {
    databaseEnv = apiDatabaseEnv(provided.url, provided.pooler);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'todo-pglite-file-'));
    cpSync(provided.template, join(dir, 'db'), { recursive: true });
    databaseEnv.PGLITE_DATA_DIR = join(dir, 'db');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: 'false',
    DB_MIGRATE_ON_START: 'false',
    DB_POOL_MAX: '5',
    ...databaseEnv,
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: supertest.agent(app.getHttpServer()),
    database: app.get(DatabaseService),
    kind: provided.kind,
    async close() {
      await app.close();
      cleanup();
    },
  };
}
