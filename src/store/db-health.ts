import type { Db } from './db.ts';

/** SQLite result codes that mean the file cannot take writes now: disk full, read-only, I/O failure. */
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
