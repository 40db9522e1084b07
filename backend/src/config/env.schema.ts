import { isIP } from 'node:net';
import { z } from 'zod';

const PLACEHOLDER_SECRETS = ['changeme', 'change-me', 'secret', 'your-secret', 'jwt-secret', 'replace-me'];

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A shared secret: 32+ characters and not a known placeholder (generate with `openssl rand -base64 48`). */
const secret = z
  .string()
  .min(32, 'must be at least 32 characters (use 32+ random bytes)')
  .refine((value) => !PLACEHOLDER_SECRETS.some((p) => value.toLowerCase().includes(p)), {
    message: 'is a known placeholder; generate one with `openssl rand -base64 48`',
  });

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string) => {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};

/**
 * Which peers may name the client in X-Forwarded-For: `false` (none), or addresses, CIDRs and the names loopback,
 * linklocal, uniquelocal. Never `true` nor a hop count: trusting a peer by position rather than address lets a
 * client that reaches the API directly pick its own address and walk around the per-IP limits.
 */
const trustProxy = z
  .string()
  .trim()
  .refine(
    (value) => value === 'false' || value.split(',').every((entry) => isProxyAddress(entry.trim())),
    'must be false or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal',
  )
  .transform((value): false | string[] => {
    if (value === 'false') return false;
    return value.split(',').map((entry) => entry.trim());
  });

/** A comma-separated list of host names and IP literals (IPv6 without brackets), lowercased; no wildcards. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const privateHosts = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine(
    (hosts) => hosts.every((host) => isIP(host) !== 0 || HOST_NAME.test(host)),
    'must be a comma-separated list of host names or IP addresses (no ports, schemes, brackets or wildcards)',
  );

const databaseUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(1, 65_535).default(8000),
    DATABASE_URL: databaseUrl.optional(),
    // `transaction`: DATABASE_URL is a transaction pooler (PgBouncer pool_mode=transaction, CloudNativePG Pooler):
    // no prepared statements, no session settings. `session`: PostgreSQL itself or a session pooler.
    DATABASE_POOL_MODE: z.enum(['session', 'transaction']).default('session'),
    // Direct to PostgreSQL (never a transaction pooler): the one LISTEN connection of live events, and the migrator,
    // whose advisory lock lives in its session. Both default to DATABASE_URL; required in transaction mode.
    DATABASE_LISTEN_URL: databaseUrl.optional(),
    DATABASE_MIGRATE_URL: databaseUrl.optional(),
    DB_POOL_MAX: int(1, 500).default(10),
    DB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5000),
    DB_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(10_000),
    PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
    DB_MIGRATE_ON_START: bool.default(true),
    JWT_SECRET: secret.optional(),
    // Shared with the web tier, which proves itself with it (header X-Gateway-Auth); unset: no request is the web tier.
    GATEWAY_SECRET: secret.optional(),
    JWT_ISSUER: z.string().min(1).default('todo-api'),
    JWT_AUDIENCE: z.string().min(1).default('todo-clients'),
    ACCESS_TOKEN_TTL_SECONDS: int(30, 86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
    // Seconds in which a just-rotated refresh token yields its successor again instead of revoking the session; 0
    // turns it off. At most 60, as Cognito allows: each second is a second in which a stolen token goes unnoticed.
    REFRESH_REUSE_GRACE_SECONDS: int(0, 60).default(30),
    // A session may mint personal access tokens only this long after its password sign-in (refreshes keep the time).
    TOKEN_CREATE_REAUTH_SECONDS: int(60, 86_400).default(900),
    // Lifetime of a personal access token created without expiresInDays (the request may ask for up to 365).
    TOKEN_DEFAULT_TTL_DAYS: int(1, 365).default(90),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    TRUST_PROXY: trustProxy.default(['loopback']),
    // The API's public origin (https://api.example.com), for the links /llms.txt hands to agents.
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .transform((value) => new URL(value).origin)
      .optional(),
    // The web app's origin (https://todo.example.com): the OAuth consent page lives there, at /oauth/consent.
    WEB_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .transform((value) => new URL(value).origin)
      .optional(),
    OAUTH_ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(3600),
    OAUTH_REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
    // Registrations, authorization requests and token requests per client address and minute.
    OAUTH_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(30),
    // Hosts (names or IP literals, exactly as in the URL) whose client ID metadata documents may be fetched although
    // they are private or loopback: an operator's opt-in for tests and private networks. Empty: public only.
    OAUTH_CIMD_ALLOW_PRIVATE_HOSTS: privateHosts.default([]),
    // Let webhook deliveries reach private, loopback and link-local addresses: for tests and private networks only.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.default(false),
    // The webhook retry schedule's first step (5 s); every later step scales with it (about a day in all at 5000).
    WEBHOOK_RETRY_BASE_MS: int(1, 60_000).default(5000),
    // A PEM file of certificate authorities webhook receivers may be signed by, besides the usual public roots.
    WEBHOOK_CA_FILE: z.string().min(1).optional(),
    MAX_WEBHOOKS_PER_USER: int(1, 1000).default(20),
    RATE_LIMIT_ENABLED: bool.default(true),
    AUTH_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(20),
    WRITE_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(300),
    TOKEN_WRITE_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(200),
    MAX_TASKS_PER_USER: int(1, 100_000_000).default(10_000),
    MAX_TOKENS_PER_USER: int(1, 10_000).default(50),
    BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1_048_576),
    // POST /api/v1/import alone (an account's export, a Todoist CSV): larger than BODY_LIMIT_BYTES, 413 beyond.
    IMPORT_BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(10_485_760),
    // Time for a request's headers and body to arrive; a client trickling them is answered 408 and cut off.
    REQUEST_TIMEOUT_MS: int(1000, 600_000).default(30_000),
    SHUTDOWN_DELAY_MS: int(0, 120_000).default(0),
    SHUTDOWN_GRACE_MS: int(0, 300_000).default(10_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DOCS_ENABLED: bool.default(true),
    TRASH_RETENTION_DAYS: int(1, 3650).default(30),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    // Serve /metrics without METRICS_TOKEN in production too (outside production it is open without a token).
    METRICS_PUBLIC: bool.default(false),
    // OpenTelemetry traces (tracing/tracing.ts): exported over OTLP only when one of these endpoints is set; the SDK
    // reads the other standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_SAMPLER…)
    // itself. Unset: no SDK starts and no span is recorded.
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .optional(),
    // As the SDK reads it: `true` in any case disables, anything else does not.
    OTEL_SDK_DISABLED: z
      .string()
      .transform((value) => value.trim().toLowerCase() === 'true')
      .default(false),
    EVENTS_MAX_STREAMS_PER_USER: int(1, 10_000).default(10),
    EVENTS_MAX_STREAMS: int(1, 1_000_000).default(10_000),
    EVENTS_HEARTBEAT_MS: int(500, 60_000).default(20_000),
    // The event log keeps 15 minutes (events.module.ts), so resume cannot reach further back than that.
    EVENTS_REPLAY_WINDOW_MS: int(0, 900_000).default(300_000),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_POOL_MODE === 'transaction') {
      if (!env.DATABASE_URL) {
        const message = 'is transaction but DATABASE_URL is unset (the embedded database has no pooler)';
        ctx.addIssue({ code: 'custom', path: ['DATABASE_POOL_MODE'], message });
      }
      const direct = [
        ['DATABASE_LISTEN_URL', 'LISTEN needs'],
        ['DATABASE_MIGRATE_URL', 'the migration lock needs'],
      ] as const;
      for (const [name, why] of direct) {
        if (env[name]) continue;
        const message = `is required when DATABASE_POOL_MODE=transaction (${why} a direct connection to PostgreSQL)`;
        ctx.addIssue({ code: 'custom', path: [name], message });
      }
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, or returns one line per bad variable. */
export function parseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; problems: string[] } {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
  };
}
