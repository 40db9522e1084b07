import { loadModule, parseSync } from 'libpg-query';

/** Why a migration statement would stall a live database, and what to do instead. */
export interface MigrationFinding {
  statement: number;
  table: string;
  problem: string;
}

type Node = Record<string, unknown>;

const VOLATILE_DEFAULTS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
]);

/**
 * Reads migration SQL with PostgreSQL's own parser (libpg-query) and names each statement that would lock a table
 * that already holds rows for longer than a moment: the previous release keeps serving while migrations run
 * (docs/operations.md, "Migrations on a live database"). Tables the migration creates itself are free to shape.
 * A migration that touches an existing table must first `SET LOCAL lock_timeout`, so that a lock it cannot get at
 * once fails the migration (the Job retries) instead of queueing every request behind it.
 */
export class MigrationSafety {
  private constructor() {}

  static async load(): Promise<MigrationSafety> {
    await loadModule();
    return new MigrationSafety();
  }

  /** `existing`: the tables earlier migrations created; the ones this one creates are added to it. */
  check(sql: string, existing: Set<string>): MigrationFinding[] {
    const findings: MigrationFinding[] = [];
    let lockTimeoutSet = false;
    let unguardedReported = false;
    const created = new Set<string>();
    const busy = (table: string) => existing.has(table) && !created.has(table);
    const statements = (parseSync(sql) as { stmts: { stmt: Node }[] }).stmts;
    statements.forEach(({ stmt }, index) => {
      const statement = index + 1;
      const [kind, body] = Object.entries(stmt)[0] as [string, Node];
      const touch = (table: string, problems: (string | null)[]) => {
        if (!lockTimeoutSet && !unguardedReported) {
          unguardedReported = true;
          findings.push({
            statement,
            table,
            problem: 'locks an existing table without `SET LOCAL lock_timeout` earlier in the migration',
          });
        }
        for (const problem of problems) if (problem) findings.push({ statement, table, problem });
      };
      if (kind === 'VariableSetStmt' && body.name === 'lock_timeout') {
        lockTimeoutSet = true;
      } else if (kind === 'CreateStmt') {
        created.add(relationName(body.relation));
        existing.add(relationName(body.relation));
      } else if (kind === 'IndexStmt') {
        const table = relationName(body.relation);
        if (!busy(table)) return;
        touch(table, [
          body.concurrent === true
            ? null
            : 'builds an index inside the migration, blocking writes for the whole build: build it CONCURRENTLY ' +
              'outside the migration transaction (as projects-backfill.ts does)',
        ]);
      } else if (kind === 'AlterTableStmt') {
        const table = relationName(body.relation);
        if (!busy(table)) return;
        touch(
          table,
          ((body.cmds as Node[]) ?? []).map((cmd) => alterProblem(cmd.AlterTableCmd as Node)),
        );
      }
    });
    return findings;
  }
}

function relationName(relation: unknown): string {
  return String((relation as Node | undefined)?.relname ?? '');
}

function alterProblem(cmd: Node): string | null {
  const def = cmd.def as Node | undefined;
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const column = def!.ColumnDef as Node;
      const constraints = ((column.constraints as Node[]) ?? []).map((c) => c.Constraint as Node);
      const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL');
      const defaultValue = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
      if (notNull && !defaultValue) {
        return `adds NOT NULL column "${String(column.colname)}" without a default: add it nullable, backfill, then a NOT VALID check`;
      }
      if (defaultValue && callsVolatile(defaultValue.raw_expr)) {
        return `adds column "${String(column.colname)}" with a volatile default, which rewrites the table under lock`;
      }
      return null;
    }
    case 'AT_AddConstraint': {
      const constraint = def!.Constraint as Node;
      if (constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') {
        return constraint.skip_validation === true
          ? null
          : 'adds a constraint that scans the table under lock: add it NOT VALID, then VALIDATE CONSTRAINT separately';
      }
      if (constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') {
        return constraint.indexname
          ? null
          : 'builds a unique index under lock: CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX';
      }
      return null;
    }
    case 'AT_AlterColumnType':
      return 'changes a column type, which rewrites the table under an exclusive lock: add a new column instead';
    case 'AT_SetNotNull':
      return 'sets NOT NULL, which scans the table under an exclusive lock: use a validated CHECK (… IS NOT NULL)';
    default:
      return null;
  }
}

function callsVolatile(expression: unknown): boolean {
  const text = JSON.stringify(expression ?? null);
  return [...VOLATILE_DEFAULTS].some((name) => text.includes(`{"sval":"${name}"}`));
}
