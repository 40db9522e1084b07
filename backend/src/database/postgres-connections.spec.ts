import { describe, expect, it } from 'vitest';
import { parseEnv } from '../config/env.schema.js';
import { postgresConnections } from './database-client.js';

const envOf = (source: Record<string, string>) => {
  const parsed = parseEnv(source);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.env;
};

describe(postgresConnections.name, () => {
  const direct = 'postgres://app@db:5432/todo';
  const pooled = 'postgres://app@pgbouncer:6432/todo';

  it('prepares statements and sets the statement timeout at startup on a direct URL, listening and migrating there too', () => {
    const sut = postgresConnections(envOf({ DATABASE_URL: direct, DB_STATEMENT_TIMEOUT_MS: '7000' }), direct);
    expect(sut.pool).toEqual({
      url: direct,
      prepare: true,
      pipeline: true,
      connection: { statement_timeout: 7000, application_name: 'todo-api', TimeZone: 'UTC' },
    });
    expect(sut.listen.url).toBe(direct);
    expect(sut.migrate.url).toBe(direct);
  });

  it('behind a transaction pooler: nothing prepared, only startup parameters PgBouncer tracks, LISTEN and migrations direct', () => {
    const env = envOf({
      DATABASE_URL: pooled,
      DATABASE_POOL_MODE: 'transaction',
      DATABASE_LISTEN_URL: direct,
      DATABASE_MIGRATE_URL: `${direct}?application_name=migrate`,
    });
    const sut = postgresConnections(env, pooled);
    expect(sut.pool).toEqual({
      url: pooled,
      prepare: false,
      pipeline: false,
      connection: { application_name: 'todo-api', TimeZone: 'UTC' },
    });
    expect(sut.listen).toEqual({
      url: direct,
      connection: { statement_timeout: 10_000, application_name: 'todo-api-listen', TimeZone: 'UTC' },
    });
    expect(sut.migrate.url).toBe(`${direct}?application_name=migrate`);
  });
});
