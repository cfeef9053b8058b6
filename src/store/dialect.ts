import type { Db } from './db-types.ts';
import { PgSyncDb } from './pg/pg-sync-db.ts';

/** Which SQL a connection speaks, for the few statements that differ (docs/design/postgres.md §2.4). */
export type Dialect = 'sqlite' | 'postgres';

/** The dialect of a connection: PostgreSQL through the synchronous adapter, otherwise SQLite. */
export const dialectOf = (db: Db): Dialect => (db instanceof PgSyncDb ? 'postgres' : 'sqlite');

/** The tables of the connection's schema (SQLite's own and the fts5 shadow tables included on SQLite). */
export function tableNames(db: Db): string[] {
  const sql =
    dialectOf(db) === 'postgres'
      ? 'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()'
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  return db.prepare(sql).pluck().all() as string[];
}
