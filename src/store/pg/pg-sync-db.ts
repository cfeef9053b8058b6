import type { Db, PragmaOptions, Statement, Transaction } from '../db-types.ts';
import { conninfo } from './conninfo.ts';
import { connectLibpq, readRows, throwIfFailed, type Libpq, type RowMode } from './libpq.ts';
import { PgDbError } from './pg-errors.ts';
import { PgStatement, type Prepared, type StatementHost } from './pg-statement.ts';
import type { TranslatedSql } from './placeholders.ts';

/** Rows fetched per round trip by iterate(). */
const FETCH_BATCH = 500;
/** Distinct statement texts kept prepared on the server before they are all deallocated (dynamic SQL bound). */
const MAX_PREPARED = 2_000;

const IN_TRANSACTION = 2;
const IN_FAILED_TRANSACTION = 3;

// biome-ignore lint/suspicious/noExplicitAny: the same bound better-sqlite3 puts on a transaction's function
type TxFunction = (...params: any[]) => unknown;

/**
 * The PostgreSQL backend behind the project's synchronous `Db` (docs/design/postgres.md route (a)): every call
 * is one blocking libpq round trip through pg-native, so a transaction body stays one synchronous run of code
 * as on SQLite. Differences from better-sqlite3 that callers may meet, all on purpose or not worth the cost:
 * - a statement that fails inside a transaction aborts the whole transaction (PostgreSQL), even if the body
 *   catches the error; the adapter then rolls back and throws rather than commit a partial write;
 * - lastInsertRowid is read through `RETURNING` of the table's identity column, added to a plain INSERT; an
 *   INSERT into a table without one leaves it unchanged, and an upsert that updates returns the updated row's id;
 * - statements are prepared on first use, so a wrong SQL text throws when run rather than when prepared;
 * - get() receives every row and keeps the first; iterate() reads through a cursor (WITH HOLD outside a
 *   transaction, so the server materialises the result first);
 * - exec() of several statements outside a transaction runs them as one (the simple query protocol);
 * - pragma() is SQLite-only and throws.
 */
export class PgSyncDb implements Db, StatementHost {
  readonly pq: Libpq;
  lastInsertRowid = 0;
  private isOpen = true;
  private readonly prepared = new Map<string, Prepared>();
  private readonly identityOf = new Map<string, string | null>();
  private counter = 0;

  constructor(url: string) {
    this.pq = connectLibpq(conninfo(url));
  }

  get open(): boolean {
    return this.isOpen;
  }

  get inTransaction(): boolean {
    if (!this.isOpen) return false;
    const status = this.pq.transactionStatus();
    return status === IN_TRANSACTION || status === IN_FAILED_TRANSACTION;
  }

  prepare<Params extends unknown[] | object = unknown[], Row = unknown>(
    source: string,
  ): Params extends unknown[] ? Statement<Params, Row> : Statement<[Params], Row> {
    this.assertOpen();
    return new PgStatement(this, source) as unknown as Params extends unknown[]
      ? Statement<Params, Row>
      : Statement<[Params], Row>;
  }

  exec(source: string): this {
    this.assertOpen();
    this.pq.exec(source);
    this.checkResult();
    return this;
  }

  transaction<F extends TxFunction>(fn: F): Transaction<F> {
    const db = this;
    return function (this: unknown, ...args: unknown[]): ReturnType<F> {
      const savepoint = db.inTransaction ? `xinfang_sp_${++db.counter}` : undefined;
      db.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      try {
        const result = fn.apply(this, args) as ReturnType<F>;
        if (result && typeof (result as { then?: unknown }).then === 'function')
          throw new TypeError('Transaction function cannot return a promise');
        // COMMIT of a failed transaction answers ROLLBACK without an error: the write would vanish silently.
        if (db.pq.transactionStatus() === IN_FAILED_TRANSACTION)
          throw new PgDbError(
            'a statement failed inside the transaction and its error was caught; PostgreSQL rolled the transaction back',
            'SQLITE_ABORT',
            '25P02',
          );
        db.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
        return result;
      } catch (e) {
        db.rollback(savepoint);
        throw e;
      }
    } as Transaction<F>;
  }

  pragma(source: string, _options?: PragmaOptions): unknown {
    throw new PgDbError(`PRAGMA ${source} is SQLite-only (PostgreSQL backend)`, 'SQLITE_ERROR', '');
  }

  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      this.pq.finish();
      keepUntilClosed(this.pq);
    }
    return this;
  }

  /** Throws the mapped error if the last command failed. */
  checkResult(): void {
    throwIfFailed(this.pq);
  }

  /** The server-side prepared statement for a text: parsed once per connection, described for its columns. */
  ensurePrepared(t: TranslatedSql): Prepared {
    this.assertOpen();
    const known = this.prepared.get(t.text);
    if (known) return known;
    if (this.prepared.size >= MAX_PREPARED && !this.inTransaction) {
      this.exec('DEALLOCATE ALL');
      this.prepared.clear();
    }
    const id = this.identityColumnFor(t.text);
    const text = id ? `${t.text.replace(/[\s;]+$/, '')} RETURNING ${this.pq.escapeIdentifier(id)}` : t.text;
    const name = `xinfang_${++this.counter}`;
    this.pq.prepare(name, text, t.sources.length);
    this.checkResult();
    this.pq.describePrepared(name);
    this.checkResult();
    const p: Prepared = { name, reader: !id && this.pq.nfields() > 0, returnsId: !!id };
    this.prepared.set(t.text, p);
    return p;
  }

  /** Rows of a query through a cursor, FETCH_BATCH at a time; closing the iterator early closes the cursor. */
  *iterateRows(text: string, values: (string | null)[], mode: RowMode): IterableIterator<unknown> {
    const cursor = `xinfang_cur_${++this.counter}`;
    const hold = this.inTransaction ? '' : ' WITH HOLD';
    this.pq.execParams(`DECLARE ${cursor} NO SCROLL CURSOR${hold} FOR ${text}`, values);
    this.checkResult();
    try {
      for (;;) {
        this.assertOpen();
        this.pq.exec(`FETCH ${FETCH_BATCH} FROM ${cursor}`);
        this.checkResult();
        const rows = readRows(this.pq, mode);
        yield* rows;
        if (rows.length < FETCH_BATCH) return;
      }
    } finally {
      // A cursor without hold ends with its transaction; one with hold lives until closed.
      if (this.isOpen && (hold || this.pq.transactionStatus() === IN_TRANSACTION)) {
        this.pq.exec(`CLOSE ${cursor}`);
      }
    }
  }

  /**
   * The identity (or serial) column of the table a plain `INSERT INTO t` writes, so run() can report
   * lastInsertRowid as SQLite does for its rowid. Null for other statements and tables without one.
   */
  private identityColumnFor(text: string): string | null {
    const m = /^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/i.exec(text);
    if (!m || /\bRETURNING\b/i.test(text)) return null;
    const table = m[1];
    if (this.identityOf.has(table)) return this.identityOf.get(table) ?? null;
    this.pq.execParams(
      `SELECT a.attname FROM pg_attribute a
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attidentity <> '' OR pg_get_serial_sequence($1, a.attname) IS NOT NULL)
        ORDER BY a.attnum LIMIT 1`,
      [table],
    );
    this.checkResult();
    const column = this.pq.ntuples() ? this.pq.getvalue(0, 0) : null;
    this.identityOf.set(table, column);
    return column;
  }

  /** Undoes the failed transaction (or savepoint); the original error is the one the caller sees. */
  private rollback(savepoint: string | undefined) {
    if (!this.inTransaction) return; // COMMIT itself failed: PostgreSQL has already ended the transaction
    try {
      this.pq.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
    } catch {
      // The connection is gone; the server discards the transaction with it.
    }
  }

  private assertOpen() {
    if (!this.isOpen) throw new TypeError('The database connection is not open');
  }
}

const closing = new Set<Libpq>();

/**
 * node-libpq's finish() hands its socket watcher to uv_close, which completes at the end of the event loop's
 * turn, but the watcher lives inside the JS object: collected before then, libuv aborts the process
 * (uv__finish_close assertion, seen under vitest). Holding the object until a later turn's timer avoids it.
 */
function keepUntilClosed(pq: Libpq) {
  closing.add(pq);
  setTimeout(() => closing.delete(pq), 0).unref();
}

/** Opens a connection to DATABASE_URL (postgres:// or postgresql://) with the service's connection defaults. */
export function openPgDb(url: string): PgSyncDb {
  return new PgSyncDb(url);
}
