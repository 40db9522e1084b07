import { AppConfig, ConfigError } from './config/app-config.js';
import { createDatabaseClient } from './database/database-client.js';

// Entry point of the chart's migration Job: apply pending migrations once, then exit.
async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  const client = await createDatabaseClient(config);
  try {
    await client.migrate();
    console.log(JSON.stringify({ level: 'info', event: 'migrations.applied', database: client.kind }));
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
});
