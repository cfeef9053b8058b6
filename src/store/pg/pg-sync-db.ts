import type { Db, PragmaOptions, Statement, Transaction } from '../db-types.ts';
import { conninfo } from './conninfo.ts';
import { connectLibpq, endLibpqConnection, readRows, throwIfFailed, type Libpq, type RowMode } from './libpq.ts';
import { PgDbError } from './pg-errors.ts';
import { PgStatement, type Prepared, type StatementHost } from './pg-statement.ts';
import type { TranslatedSql } from './placeholders.ts';
import { isStoreUnavailable, StoreUnavailableError } from '../store-unavailable.ts';
import { SessionSettings } from './session-settings.ts';

/** Rows fetched per round trip by iterate(). */
const FETCH_BATCH = 500;
/** Distinct statement texts kept prepared on the server before they are all deallocated (dynamic SQL bound). */
const MAX_PREPARED = 2_000;

const IDLE = 0;
const IN_TRANSACTION = 2;
const IN_FAILED_TRANSACTION = 3;
/** PQTRANS_UNKNOWN: libpq reports it only for a connection that has gone bad. */
const CONNECTION_BAD = 4;

/** How long after a failed connect the next use tries again (doubling); uses in between fail at once. */
export interface ReconnectOptions {
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

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
 * A lost connection (PostgreSQL restarting, the network) throws StoreUnavailableError; the next use outside a
 * transaction opens a new connection and replays the session's SET statements (search_path). Inside a
 * `transaction()` body nothing reconnects until the body has unwound: the server rolled the transaction back,
 * and statements run after that on a new connection would be half a request committed.
 */
export class PgSyncDb implements Db, StatementHost {
  lastInsertRowid = 0;
  private isOpen = true;
  /** Null once the connection was found lost, until the next use reconnects. */
  private conn: Libpq | null;
  /** Bodies of transaction() running now; a connection lost while it is above 0 stays lost until it is 0. */
  private txDepth = 0;
  private nextConnectAt = 0;
  private connectDelay = 0;
  private readonly session = new SessionSettings();
  private readonly prepared = new Map<string, Prepared>();
  private readonly identityOf = new Map<string, string | null>();
  private counter = 0;

  constructor(
    private readonly url: string,
    private readonly opts: ReconnectOptions = {},
  ) {
    this.conn = connectLibpq(conninfo(url));
  }

  /** The live libpq connection; callers reach it only after ensureConnected() (or a statement) succeeded. */
  get pq(): Libpq {
    if (!this.conn) throw new StoreUnavailableError('the connection to PostgreSQL is lost', this.txDepth > 0);
    return this.conn;
  }

  get open(): boolean {
    return this.isOpen;
  }

  get inTransaction(): boolean {
    if (!this.isOpen) return false;
    if (!this.conn) return this.txDepth > 0;
    const status = this.conn.transactionStatus();
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
    const pq = this.ensureConnected();
    const sessionLevel = this.txDepth === 0 && pq.transactionStatus() === IDLE;
    pq.exec(source);
    this.checkResult();
    if (sessionLevel) this.session.record(source);
    return this;
  }

  transaction<F extends TxFunction>(fn: F): Transaction<F> {
    const db = this;
    return function (this: unknown, ...args: unknown[]): ReturnType<F> {
      const savepoint = db.inTransaction ? `xinfang_sp_${++db.counter}` : undefined;
      if (savepoint) db.exec(`SAVEPOINT ${savepoint}`);
      else db.begin();
      db.txDepth++;
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
      } finally {
        db.txDepth--;
      }
    } as Transaction<F>;
  }

  pragma(source: string, _options?: PragmaOptions): unknown {
    throw new PgDbError(`PRAGMA ${source} is SQLite-only (PostgreSQL backend)`, 'SQLITE_ERROR', '');
  }

  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      this.dropConnection();
    }
    return this;
  }

  /** Throws the mapped error if the last command failed; a connection gone bad is StoreUnavailableError. */
  checkResult(): void {
    const pq = this.pq;
    if (pq.transactionStatus() === CONNECTION_BAD) {
      const inTx = this.txDepth > 0;
      const reason = (pq.resultErrorMessage() || pq.errorMessage()).trim().replace(/\s+/g, ' ');
      this.dropConnection();
      const where = inTx ? ' inside a transaction, which the server rolled back' : '';
      throw new StoreUnavailableError(`the connection to PostgreSQL was lost${where}: ${reason}`, inTx);
    }
    throwIfFailed(pq);
  }

  /** The server-side prepared statement for a text: parsed once per connection, described for its columns. */
  ensurePrepared(t: TranslatedSql): Prepared {
    this.ensureConnected();
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
    this.ensureConnected();
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
      if (this.isOpen && this.conn && (hold || this.conn.transactionStatus() === IN_TRANSACTION)) {
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

  /**
   * The connection for the next statement. Outside a transaction a connection that died while idle (the server
   * restarted) is noticed before anything is sent — reading its socket finds the end — and replaced.
   */
  private ensureConnected(): Libpq {
    this.assertOpen();
    if (this.conn && this.txDepth === 0 && !this.stillConnected(this.conn)) this.dropConnection();
    if (this.conn) return this.conn;
    if (this.txDepth > 0)
      throw new StoreUnavailableError('the connection to PostgreSQL was lost inside this transaction', true);
    return this.reconnect();
  }

  /** Non-blocking: reads whatever the server sent while the connection was idle (a FATAL, then the end). */
  private stillConnected(pq: Libpq): boolean {
    const status = pq.transactionStatus();
    if (status !== IDLE) return status !== CONNECTION_BAD;
    return pq.consumeInput() && pq.consumeInput() && pq.transactionStatus() !== CONNECTION_BAD;
  }

  private reconnect(): Libpq {
    const now = Date.now();
    if (now < this.nextConnectAt)
      throw new StoreUnavailableError('PostgreSQL refused the last connection attempt; the next one is due shortly');
    let pq: Libpq;
    try {
      pq = connectLibpq(conninfo(this.url));
    } catch (e) {
      const min = this.opts.reconnectMinMs ?? 100;
      this.connectDelay = Math.min(this.opts.reconnectMaxMs ?? 2_000, this.connectDelay ? this.connectDelay * 2 : min);
      this.nextConnectAt = now + this.connectDelay;
      throw new StoreUnavailableError(`cannot connect to PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.conn = pq;
    this.connectDelay = 0;
    this.nextConnectAt = 0;
    for (const sql of this.session.statements()) {
      pq.exec(sql);
      this.checkResult();
    }
    return pq;
  }

  /** BEGIN changes nothing yet, so a connection found dead by it is replaced and BEGIN sent once more. */
  private begin() {
    try {
      this.exec('BEGIN');
    } catch (e) {
      if (!isStoreUnavailable(e) || this.conn) throw e;
      this.exec('BEGIN');
    }
  }

  /** Ends the connection; server-side prepared statements end with it. */
  private dropConnection() {
    const pq = this.conn;
    this.conn = null;
    this.prepared.clear();
    if (!pq) return;
    endLibpqConnection(pq, () => pq.finish());
  }

  /** Undoes the failed transaction (or savepoint); the original error is the one the caller sees. */
  private rollback(savepoint: string | undefined) {
    // COMMIT itself failed, or the connection is gone: PostgreSQL has already ended the transaction.
    if (!this.conn || !this.inTransaction) return;
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

/** Opens a connection to DATABASE_URL (postgres:// or postgresql://) with the service's connection defaults. */
export function openPgDb(url: string, opts?: ReconnectOptions): PgSyncDb {
  return new PgSyncDb(url, opts);
}
