import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** The embedded database with the extensions the migrations create (pg_trgm: the search index). */
export function openPglite(dataDir: string): PGlite {
  return new PGlite(dataDir, { extensions: { pg_trgm } });
}
