import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { startTracing } from './tracing/tracing.js';

async function bootstrap(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  // Before the app: the SDK must be listening when the Fastify instance is created (tracing/tracing.ts).
  const tracing = await startTracing(config);
  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  logger.log({ event: 'tracing', exporter: tracing ? 'otlp' : 'off' });
  if (config.generatedJwtSecret) {
    logger.warn('JWT_SECRET is not set: using a generated development secret. Set it in production.');
  }
  if (!config.env.GATEWAY_SECRET) {
    logger.log(
      'GATEWAY_SECRET is not set: no request is taken for the web tier (per-IP limits count its address; no ' +
        'refresh grace). Give the API and the web server the same value when they serve people together.',
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Past the grace period, give up on stragglers rather than hang the rollout.
    setTimeout(() => {
      logger.error({ event: 'shutdown.timeout' }, 'shutdown grace period exceeded');
      process.exit(1);
    }, config.env.SHUTDOWN_DELAY_MS + config.env.SHUTDOWN_GRACE_MS).unref();
    await app.close();
    // Sends the spans still buffered (bounded by the exporter's own timeout).
    await tracing?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());

  await app.listen({ port: config.env.PORT, host: config.env.HOST });
  logger.log({
    event: 'server.listening',
    port: config.env.PORT,
    database: config.usesEmbeddedDatabase ? 'pglite' : 'postgres',
  });
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Failed to start:', error);
  }
  process.exit(1);
});
