/**
 * The database connection the project codes against: the part of better-sqlite3 it actually uses, and nothing
 * more, so that a second implementation (the PostgreSQL adapter of docs/design/postgres.md, route (a)) can
 * satisfy it. better-sqlite3's own Database must keep type-checking as a `Db` (openDb returns one).
 * Everything stays synchronous on purpose: see §0 of the design note.
 */

/** What a write reports: rows changed and, for an INSERT into a rowid table, the new rowid. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters are positional values or one object of named (`@name`) values.
 * `pluck` returns only the first column of each row; `raw` returns each row as an array of values.
 */
export interface Statement<Params extends unknown[] = unknown[], Row = unknown> {
  run(...params: Params): RunResult;
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  iterate(...params: Params): IterableIterator<Row>;
  pluck(toggleState?: boolean): this;
  raw(toggleState?: boolean): this;
}

// biome-ignore lint/suspicious/noExplicitAny: the same bound better-sqlite3 puts on a transaction's function
type TxFunction = (...params: any[]) => unknown;

/** A function wrapped by `Db.transaction`: calling it runs the body in one transaction (a savepoint when nested). */
export type Transaction<F extends TxFunction> = (...params: TxParams<F>) => ReturnType<F>;

// Spelled as better-sqlite3 spells it (not `Parameters<F>`), which keeps its Database assignable to `Db`.
type TxParams<F extends TxFunction> = F extends (...args: infer A) => unknown ? A : never;

export interface PragmaOptions {
  /** Return the first column of the first row instead of an array of rows. */
  simple?: boolean;
}

/** One synchronous connection. */
export interface Db {
  /** False once `close` has run: background work checks it before touching the database after shutdown. */
  readonly open: boolean;
  /** True inside a `transaction` body: callers defer side effects (alerts, notices) until the commit. */
  readonly inTransaction: boolean;
  prepare<Params extends unknown[] | object = unknown[], Row = unknown>(
    source: string,
  ): Params extends unknown[] ? Statement<Params, Row> : Statement<[Params], Row>;
  transaction<F extends TxFunction>(fn: F): Transaction<F>;
  /** Runs one or more statements without parameters or results (migrations, ROLLBACK). */
  exec(source: string): this;
  pragma(source: string, options?: PragmaOptions): unknown;
  close(): this;
}
