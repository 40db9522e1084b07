import { describe, expect, it } from 'vitest';
import { AppConfig } from './app-config.js';
import { parseEnv } from './env.schema.js';

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const result = parseEnv({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8000,
      DB_POOL_MAX: 10,
      PGLITE_DATA_DIR: '.data/pglite',
      DB_MIGRATE_ON_START: true,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      CORS_ORIGINS: [],
    });
    expect(result.env.DATABASE_URL).toBeUndefined();
  });

  it('bounds request time, keeps /metrics closed in production by default, and takes PUBLIC_URL as an origin', () => {
    const defaults = parseEnv({});
    expect(defaults.ok && [defaults.env.REQUEST_TIMEOUT_MS, defaults.env.METRICS_PUBLIC]).toEqual([
      30_000,
      false,
    ]);
    const configured = parseEnv({ PUBLIC_URL: 'https://api.todo.example/some/path' });
    expect(configured.ok && configured.env.PUBLIC_URL).toBe('https://api.todo.example');
    const bad = parseEnv({ PUBLIC_URL: 'javascript:alert(1)', REQUEST_TIMEOUT_MS: '0' });
    expect(!bad.ok && bad.problems.map((line) => line.split(' ')[0]).sort()).toEqual([
      'PUBLIC_URL',
      'REQUEST_TIMEOUT_MS',
    ]);
  });

  it('takes the pool mode and the direct URLs for LISTEN and migrations, required behind a transaction pooler', () => {
    const direct = 'postgres://app@db:5432/todo';
    const pooled = 'postgres://app@pgbouncer:6432/todo';
    const plain = parseEnv({ DATABASE_URL: direct });
    expect(plain.ok && plain.env.DATABASE_POOL_MODE).toBe('session');
    const behindPooler = parseEnv({
      DATABASE_URL: pooled,
      DATABASE_POOL_MODE: 'transaction',
      DATABASE_LISTEN_URL: direct,
      DATABASE_MIGRATE_URL: direct,
    });
    expect(behindPooler.ok && behindPooler.env).toMatchObject({
      DATABASE_POOL_MODE: 'transaction',
      DATABASE_LISTEN_URL: direct,
      DATABASE_MIGRATE_URL: direct,
    });
    const missing = parseEnv({ DATABASE_URL: pooled, DATABASE_POOL_MODE: 'transaction' });
    expect(!missing.ok && missing.problems).toEqual([
      'DATABASE_LISTEN_URL is required when DATABASE_POOL_MODE=transaction (LISTEN needs a direct connection to PostgreSQL)',
      'DATABASE_MIGRATE_URL is required when DATABASE_POOL_MODE=transaction (the migration lock needs a direct connection to PostgreSQL)',
    ]);
    const bad = parseEnv({ DATABASE_POOL_MODE: 'statement', DATABASE_LISTEN_URL: 'mysql://x' });
    expect(!bad.ok && bad.problems.map((line) => line.split(' ')[0]).sort()).toEqual([
      'DATABASE_LISTEN_URL',
      'DATABASE_POOL_MODE',
    ]);
    const embedded = parseEnv({ DATABASE_POOL_MODE: 'transaction', DATABASE_LISTEN_URL: direct });
    expect(!embedded.ok && embedded.problems).toContain(
      'DATABASE_POOL_MODE is transaction but DATABASE_URL is unset (the embedded database has no pooler)',
    );
  });

  it('exports traces only when an OTLP endpoint is set and the SDK is not disabled', () => {
    const exported = (env: Record<string, string>) =>
      AppConfig.fromEnvironment({ PGLITE_DATA_DIR: 'memory://', ...env }).tracesExported;
    expect(exported({})).toBe(false);
    expect(exported({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(exported({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' })).toBe(true);
    expect(
      exported({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    const bad = parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    expect(!bad.ok && bad.problems[0]).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http/);
  });

  it('treats empty strings as unset', () => {
    const result = parseEnv({ DATABASE_URL: '', PORT: '' });
    expect(result.ok && result.env.PORT).toBe(8000);
  });

  it.each([
    [undefined, ['loopback']],
    ['false', false],
    ['loopback, 10.0.0.0/8 ,fd00::/8,192.168.1.7', ['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    const result = parseEnv(value === undefined ? {} : { TRUST_PROXY: value });
    expect(result.ok && result.env.TRUST_PROXY).toEqual(expected);
  });

  it.each(['true', '1', 'everyone', '10.0.0.0/33', '10.0.0.1/8/1', 'loopback,'])(
    'refuses TRUST_PROXY=%s',
    (value) => {
      const result = parseEnv({ TRUST_PROXY: value });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^TRUST_PROXY /);
    },
  );

  it('reads OAUTH_CIMD_ALLOW_PRIVATE_HOSTS as a list of exact hosts, empty (public only) by default', () => {
    const defaults = parseEnv({});
    expect(defaults.ok && defaults.env.OAUTH_CIMD_ALLOW_PRIVATE_HOSTS).toEqual([]);
    const configured = parseEnv({
      OAUTH_CIMD_ALLOW_PRIVATE_HOSTS: '127.0.0.1, LocalHost,::1,agents.internal',
    });
    expect(configured.ok && configured.env.OAUTH_CIMD_ALLOW_PRIVATE_HOSTS).toEqual([
      '127.0.0.1',
      'localhost',
      '::1',
      'agents.internal',
    ]);
    for (const bad of ['*.internal', 'https://127.0.0.1', '127.0.0.1:8443', '[::1]', '10.0.0.0/8']) {
      const result = parseEnv({ OAUTH_CIMD_ALLOW_PRIVATE_HOSTS: bad });
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^OAUTH_CIMD_ALLOW_PRIVATE_HOSTS /);
    }
  });

  it('splits the CORS allowlist', () => {
    const result = parseEnv({ CORS_ORIGINS: 'https://a.example, https://b.example,' });
    expect(result.ok && result.env.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    [{ PORT: '0' }, 'PORT'],
    [{ PORT: 'http' }, 'PORT'],
    [{ DB_POOL_MAX: '0' }, 'DB_POOL_MAX'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DB_MIGRATE_ON_START: 'yes' }, 'DB_MIGRATE_ON_START'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'please-changeme-this-is-32-chars-long!' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ GATEWAY_SECRET: 'short' }, 'GATEWAY_SECRET'],
    [{ GATEWAY_SECRET: 'replace-me-with-32-random-bytes-please' }, 'GATEWAY_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %o with a line naming %s', (env, variable) => {
    const result = parseEnv(env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.some((line) => line.startsWith(variable))).toBe(true);
  });

  it('accepts production with a strong secret', () => {
    expect(parseEnv({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(16) + 'Z9x!'.repeat(5) }).ok).toBe(true);
  });
});
