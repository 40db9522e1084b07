import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.setup.js';
import { AppConfig } from '../config/app-config.js';
import { buildDocument } from './build-document.js';

// `node dist/openapi/write-openapi.js [file]`: the committed document by default.
const TARGET = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url));

/** Writes openapi/openapi.json without a database or an open port (postgres.js connects lazily). */
async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/never-connected',
    DB_MIGRATE_ON_START: 'false',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config);
  await app.init();
  writeFileSync(TARGET, `${JSON.stringify(buildDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${TARGET}`);
}

void main();
