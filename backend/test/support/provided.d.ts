/** `pooler`: the run goes through PgBouncer in transaction mode (vitest project pgbouncer); `url` stays direct. */
export type ProvidedDatabase =
  { kind: 'pglite'; template: string } | { kind: 'postgres'; url: string; pooler?: ProvidedPooler };

/** A PgBouncer forwarding every database name to the same server; pooled URLs are the direct ones on its port. */
export interface ProvidedPooler {
  port: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    database: ProvidedDatabase;
    /** Set only where a suite spawns its own databases behind PgBouncer (vitest project ha-pgbouncer). */
    pooler: ProvidedPooler | undefined;
  }
}
