export type ProvidedDatabase = { kind: 'pglite'; template: string } | { kind: 'postgres'; url: string };

declare module 'vitest' {
  export interface ProvidedContext {
    database: ProvidedDatabase;
  }
}
