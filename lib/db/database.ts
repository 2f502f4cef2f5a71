// A service store: PGlite (embedded, one process) by default, PostgreSQL when a URL is given.
// Both speak the same SQL, so a service's code and its migrations do not know which one they run on.

/** A row as the driver returns it; BIGINT may come back as bigint (PGlite) or string (pg). */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $1..$n parameters. */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` once the work done through this queryable is durable: after the transaction's
   * COMMIT (never after a rollback), or at once outside a transaction (each statement commits by
   * itself). The same function registered twice in one transaction runs once. `fn` must not throw.
   */
  afterCommit(fn: () => void): void;
  /**
   * Registers `fn` to run inside the transaction once its work is done, just before COMMIT (its
   * failure rolls the transaction back), and answers true; outside a transaction it registers
   * nothing and answers false, and the caller does the work itself. What it is for: statements
   * that several steps of one transaction would each make, made once for all of them (the event
   * outbox's rows, lib/events/outbox.ts).
   */
  beforeCommit(fn: () => Promise<void>): boolean;
}

/** afterCommit's and beforeCommit's bookkeeping for one transaction. */
export class CommitHooks {
  private readonly hooks = new Set<() => void>();
  private readonly before: Array<() => Promise<void>> = [];
  add(fn: () => void): void {
    this.hooks.add(fn);
  }
  addBefore(fn: () => Promise<void>): true {
    this.before.push(fn);
    return true;
  }
  /** The beforeCommit work, in the order it was registered (one may register another). */
  async runBefore(): Promise<void> {
    for (let i = 0; i < this.before.length; i++) await this.before[i]!();
  }
  run(): void {
    for (const fn of this.hooks) fn();
  }
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

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  return schema;
}

/** `$n, $n+1, ...` for the values, pushed onto params: an IN list, or one row of a multi-row VALUES. */
export function placeholders(params: unknown[], values: readonly unknown[]): string {
  return values
    .map((v) => {
      params.push(v);
      return `$${params.length}`;
    })
    .join(', ');
}

/** Driver-neutral BIGINT / NUMERIC reader: never goes through a JS number. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new Error(`not an integer from the database: ${typeof value}`);
}

/** Driver-neutral TIMESTAMPTZ reader: a Date from either driver, or the text a driver left as is. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** PostgreSQL error code of a driver error (both drivers put SQLSTATE in `code`). */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint a refused write broke, as the server names it (a CHECK, a UNIQUE, or a trigger's CONSTRAINT = ...). */
export function sqlConstraint(err: unknown): string | undefined {
  const name = (err as { constraint?: unknown } | null)?.constraint;
  return typeof name === 'string' ? name : undefined;
}

/** One step of a service's schema, applied in order; never edited once applied. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
