import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './database-client.js';
import { MigrationSafety } from './migration-safety.js';

/**
 * Migrations up to this one shipped before the check existed; each was reviewed for a live database by hand
 * (0004's expand/backfill/contract is tested by the live-migration HA test). Every later one must pass.
 */
const CHECKED_FROM = 6;

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string }[];
};

let safety: MigrationSafety;
beforeAll(async () => {
  safety = await MigrationSafety.load();
});

const problems = (sql: string, existing = ['tasks', 'users']) =>
  safety.check(sql, new Set(existing)).map((finding) => finding.problem);

describe('MigrationSafety', () => {
  it('refuses what would lock a busy table, each with what to do instead', () => {
    const guard = `SET LOCAL lock_timeout = '3s';`;
    for (const [sql, expected] of [
      ['ALTER TABLE tasks ADD COLUMN rank int NOT NULL', /NOT NULL column "rank" without a default/],
      ['ALTER TABLE tasks ADD COLUMN token uuid DEFAULT gen_random_uuid()', /volatile default/],
      ['CREATE INDEX tasks_rank_idx ON tasks (rank)', /CONCURRENTLY/],
      ['ALTER TABLE tasks ADD CONSTRAINT c FOREIGN KEY (user_id) REFERENCES users (id)', /NOT VALID/],
      ['ALTER TABLE tasks ADD CONSTRAINT c CHECK (rank > 0)', /NOT VALID/],
      ['ALTER TABLE tasks ADD CONSTRAINT u UNIQUE (title)', /USING INDEX/],
      ['ALTER TABLE tasks ALTER COLUMN title TYPE varchar(100)', /rewrites/],
      ['ALTER TABLE tasks ALTER COLUMN title SET NOT NULL', /CHECK/],
    ] as const) {
      expect(problems(`${guard} ${sql};`), sql).toEqual([expect.stringMatching(expected)]);
    }
  });

  it('asks for a lock_timeout before the first statement that touches an existing table', () => {
    expect(
      problems('ALTER TABLE tasks ADD COLUMN note text; ALTER TABLE users ADD COLUMN bio text;'),
    ).toEqual([expect.stringMatching(/without `SET LOCAL lock_timeout`/)]);
    expect(problems(`SET LOCAL lock_timeout = '3s'; ALTER TABLE tasks ADD COLUMN note text;`)).toEqual([]);
  });

  it('lets a migration shape the tables it creates, and take the safe forms on existing ones', () => {
    const sql = `
      CREATE TABLE feeds (id uuid PRIMARY KEY, user_id uuid NOT NULL, token_hash text NOT NULL);
      CREATE INDEX feeds_user_idx ON feeds (user_id);
      ALTER TABLE feeds ADD CONSTRAINT feeds_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
      SET LOCAL lock_timeout = '3s';
      ALTER TABLE tasks ADD COLUMN rank int DEFAULT 0 NOT NULL;
      ALTER TABLE tasks ADD COLUMN seen_at timestamptz DEFAULT now();
      ALTER TABLE tasks ADD CONSTRAINT tasks_rank_check CHECK (rank >= 0) NOT VALID;
      ALTER TABLE tasks VALIDATE CONSTRAINT tasks_rank_check;
    `;
    expect(problems(sql)).toEqual([]);
  });

  it.each(journal.entries.filter((entry) => entry.idx >= CHECKED_FROM).map((entry) => [entry.tag]))(
    'passes migration %s',
    (tag) => {
      const existing = new Set<string>();
      for (const entry of journal.entries.filter((e) => e.tag < tag)) {
        safety.check(readFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8'), existing);
      }
      const sql = readFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), 'utf8');
      expect(safety.check(sql, existing)).toEqual([]);
    },
  );

  it('knows every table the shipped migrations create, so later ones are checked against them', () => {
    const existing = new Set<string>();
    for (const entry of journal.entries) {
      safety.check(readFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8'), existing);
    }
    expect([...existing]).toEqual(expect.arrayContaining(['users', 'tasks', 'projects', 'sections']));
  });
});
