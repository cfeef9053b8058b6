/**
 * PostgreSQL errors in the shape the code checks on SQLite: better-sqlite3 throws an error whose `code` is a
 * SQLite extended result code (db-health.ts tests SQLITE_FULL / SQLITE_READONLY / SQLITE_IOERR…) and whose
 * message starts like SQLite's ("UNIQUE constraint failed: t.col"), which tests match. The SQLSTATE stays on
 * `sqlState` for PostgreSQL-aware callers. Key values from PostgreSQL's DETAIL are never copied into the
 * message: they may be personal data.
 */

/** The diagnostic fields libpq returns for a failed command (PQresultErrorField), as node-libpq names them. */
export interface PgErrorFields {
  sqlState?: string;
  messagePrimary?: string;
  messageDetail?: string;
  tableName?: string;
  columnName?: string;
  constraintName?: string;
}

/** A failed statement on the PostgreSQL backend. */
export class PgDbError extends Error {
  override name = 'PgDbError';
  constructor(
    message: string,
    /** The SQLite result code callers already check, e.g. SQLITE_CONSTRAINT_UNIQUE. */
    readonly code: string,
    /** PostgreSQL's SQLSTATE, e.g. 23505; empty when the connection itself failed. */
    readonly sqlState: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}

/** SQLSTATE (exact, then by its two-character class) → SQLite code. */
const BY_STATE: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  P0001: 'SQLITE_CONSTRAINT_TRIGGER', // RAISE EXCEPTION in a trigger, as RAISE(ABORT, …) on SQLite
  '53100': 'SQLITE_FULL', // disk_full
  '53200': 'SQLITE_NOMEM',
  '25006': 'SQLITE_READONLY', // read_only_sql_transaction (a standby, or default_transaction_read_only)
  '57014': 'SQLITE_INTERRUPT', // statement_timeout or a cancel
  '40001': 'SQLITE_BUSY', // serialization_failure
  '40P01': 'SQLITE_BUSY', // deadlock_detected
  '55P03': 'SQLITE_BUSY', // lock_not_available
};
const BY_CLASS: Record<string, string> = {
  '23': 'SQLITE_CONSTRAINT',
  '08': 'SQLITE_IOERR', // connection exception: the database cannot take writes now
  '57': 'SQLITE_IOERR', // operator intervention: admin shutdown, crash shutdown, cannot connect now
  '58': 'SQLITE_IOERR', // system error (I/O)
  XX: 'SQLITE_CORRUPT',
};

/**
 * Builds the error for a failed command. Without a SQLSTATE the connection itself is gone (server closed it,
 * network failure): that is an I/O failure to the callers, which answer 503 and do not write.
 */
export function pgError(message: string, fields: PgErrorFields | undefined): PgDbError {
  const state = fields?.sqlState ?? '';
  const code = BY_STATE[state] ?? BY_CLASS[state.slice(0, 2)] ?? (state ? 'SQLITE_ERROR' : 'SQLITE_IOERR');
  const primary = (fields?.messagePrimary ?? message).trim();
  return new PgDbError(sqliteStyleMessage(state, primary, fields), code, state, fields?.constraintName);
}

/** SQLite's wording first (what tests and logs match), PostgreSQL's own message after it. */
function sqliteStyleMessage(state: string, primary: string, fields: PgErrorFields | undefined): string {
  const table = fields?.tableName;
  const at = (cols: string[]) => cols.map((c) => (table ? `${table}.${c}` : c)).join(', ');
  switch (state) {
    case '23505': {
      const cols = /^Key \((.+?)\)=/.exec(fields?.messageDetail ?? '')?.[1]?.split(/,\s*/) ?? [];
      return `UNIQUE constraint failed: ${cols.length ? at(cols) : (fields?.constraintName ?? '')} (${primary})`;
    }
    case '23502':
      return `NOT NULL constraint failed: ${at([fields?.columnName ?? '?'])} (${primary})`;
    case '23503':
      return `FOREIGN KEY constraint failed (${primary})`;
    case '23514':
      return `CHECK constraint failed: ${fields?.constraintName ?? ''} (${primary})`;
    default:
      return primary;
  }
}
