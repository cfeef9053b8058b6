import type { Db } from './db.ts';
import { dialectOf } from './dialect.ts';
import { isStoreUnavailable } from './store-unavailable.ts';

/**
 * SQLite result codes that mean the file cannot take writes now: disk full, read-only, I/O failure. The
 * PostgreSQL adapter reports its SQLSTATEs with the same codes (pg/pg-errors.ts: 53100 disk full, 25006
 * read-only, a lost connection as SQLITE_IOERR).
 */
const STORAGE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/;

/** True for an error thrown by better-sqlite3 because the database file cannot be written. */
export function isStorageFailure(e: unknown): e is Error & { code: string } {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

export type Writability = { writable: true } | { writable: false; code: string; message: string };

/**
 * Whether the database takes a write now. A table is created inside a savepoint and rolled back: creating it
 * needs a new page, so a full disk (or max_page_count) and a read-only file both fail here, and nothing stays.
 */
export function probeWritable(db: Db): Writability {
  if (db.inTransaction) return { writable: true }; // a request is mid-write on this connection: it is writing
  if (dialectOf(db) === 'postgres') return probePg(db);
  try {
    db.exec(
      'SAVEPOINT health_probe; CREATE TABLE health_probe_tmp (x); ROLLBACK TO health_probe; RELEASE health_probe;',
    );
    return { writable: true };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (isStorageFailure(e)) return { writable: false, code: e.code, message: e.message };
    throw e;
  }
}

const PG_PROBE = "SELECT pg_is_in_recovery() AS standby, current_setting('default_transaction_read_only') = 'on' AS ro";

/**
 * PostgreSQL: the server answers and is a primary that accepts writes. A standby or a read-only default refuses
 * every write, so the probe says so without writing. A lost connection (DB_UNAVAILABLE) is tried once more: the
 * probe only reads, and the second try opens a new connection if the server is back.
 */
function probePg(db: Db): Writability {
  for (let attempt = 1; ; attempt++) {
    try {
      const row = db.prepare(PG_PROBE).get() as { standby: number; ro: number };
      if (row.standby || row.ro)
        return { writable: false, code: 'SQLITE_READONLY', message: 'the PostgreSQL server accepts no writes' };
      return { writable: true };
    } catch (e) {
      if (isStoreUnavailable(e) && attempt === 1) continue;
      if (isStoreUnavailable(e) || isStorageFailure(e)) return { writable: false, code: e.code, message: e.message };
      throw e;
    }
  }
}
