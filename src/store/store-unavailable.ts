/**
 * The database does not answer: its connection was lost (PostgreSQL restarting, a network failure) or cannot be
 * opened again yet. Nothing of the statement's transaction was kept (the server discards an unfinished
 * transaction with its connection), so the caller may repeat the whole request later. The HTTP layer answers
 * 503 with Retry-After (http/errors.ts); the PostgreSQL adapter reconnects on its next use (pg/pg-sync-db.ts).
 * The embedded SQLite file never throws it.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  /** A stable code beside the SQLite-style ones callers see on other storage failures (db-health.ts). */
  readonly code = 'DB_UNAVAILABLE';
  constructor(
    message: string,
    /** Whether the connection broke inside a transaction (which the server then rolled back). */
    readonly inTransaction = false,
  ) {
    super(message);
  }
}

/** True for the error above, also across module copies (a test child loads its own). */
export const isStoreUnavailable = (e: unknown): e is StoreUnavailableError =>
  e instanceof Error && (e as { code?: unknown }).code === 'DB_UNAVAILABLE';
