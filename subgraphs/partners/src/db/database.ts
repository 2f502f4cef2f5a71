// The partners store: PGlite (embedded, one process) by default, PostgreSQL when a URL is given.
// Both speak the same SQL, so the catalogue and the migrations do not know which one they run on.
// (Same shape as loyalty's store; see the report on lifting both into lib/.)

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $1..$n parameters. */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** the PostgreSQL schema every table of this service lives in */
  readonly schema: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// the schema name is put into SQL text (search_path, CREATE SCHEMA), so it must be a plain identifier
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  return schema;
}
