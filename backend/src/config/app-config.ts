import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEnv, type Env } from './env.schema.js';

/** Typed, validated configuration. Read once at start; the only place that touches process.env. */
export class AppConfig {
  readonly jwtSecret: string;
  readonly generatedJwtSecret: boolean;
  readonly pgliteDataDir: string;

  constructor(readonly env: Env) {
    const inMemory = env.PGLITE_DATA_DIR.startsWith('memory://');
    this.pgliteDataDir = inMemory ? env.PGLITE_DATA_DIR : resolve(env.PGLITE_DATA_DIR);
    if (env.JWT_SECRET) {
      this.jwtSecret = env.JWT_SECRET;
      this.generatedJwtSecret = false;
    } else if (inMemory) {
      this.jwtSecret = randomBytes(48).toString('base64url');
      this.generatedJwtSecret = true;
    } else {
      this.jwtSecret = loadOrCreateDevSecret(resolve(dirname(this.pgliteDataDir), 'jwt-secret'));
      this.generatedJwtSecret = true;
    }
  }

  get usesEmbeddedDatabase(): boolean {
    return this.env.DATABASE_URL === undefined;
  }

  /** Whether spans are recorded and exported: an OTLP endpoint is set and the SDK is not disabled. */
  get tracesExported(): boolean {
    const { OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SDK_DISABLED } = this.env;
    return !OTEL_SDK_DISABLED && !!(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? OTEL_EXPORTER_OTLP_ENDPOINT);
  }

  static fromEnvironment(source: Record<string, string | undefined> = process.env): AppConfig {
    const parsed = parseEnv(source);
    if (!parsed.ok) throw new ConfigError(parsed.problems);
    return new AppConfig(parsed.env);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

// Development only: a random secret kept beside the embedded data so sessions survive restarts.
function loadOrCreateDevSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
