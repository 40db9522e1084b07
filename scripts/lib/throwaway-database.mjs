// A database of its own on a PostgreSQL server for one test run or benchmark, dropped (with force) afterwards.
// Shared by backend tests, scripts and benchmarks.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

// The backend's own driver, whichever workspace the caller lives in.
const postgres = createRequire(new URL('../../backend/package.json', import.meta.url))('postgres');

/** Creates `<prefix>_<random>` on the server at `serverUrl`; `url` points at it. */
export async function createDatabase(serverUrl, prefix = 'todo_test') {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new Error(`database prefix must be a plain SQL name: ${prefix}`);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** What a database restart looks like to its clients: every connection to this database is cut. */
    async terminateConnections() {
      const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity
                               where datname = ${name} and pid <> pg_backend_pid()`;
      return rows.length;
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
