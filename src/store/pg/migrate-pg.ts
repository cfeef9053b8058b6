import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations, type Migration } from '../db.ts';
import type { Db } from '../db-types.ts';

/** PostgreSQL's migrations: 000-compat (SQLite functions), then the baseline equal to SQLite's 001-019, then more. */
export const PG_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations-pg');

/** Reads src/store/migrations-pg with the same file rules as the SQLite folder. */
export const readPgMigrations = (dir = PG_MIGRATIONS_DIR): Migration[] => readMigrations(dir);

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction, while holding a
 * session advisory lock: instances starting together queue on the lock, the first applies, the others find
 * nothing left (docs/design/postgres.md §4.5). The lock key includes the schema, so deployments in separate
 * schemas of one database (and the tests) do not wait for each other. Returns how many were applied.
 */
export function migratePg(db: Db, migrations = readPgMigrations()): number {
  const key = "hashtext('xinfang-assist:migrate:' || current_schema())";
  db.exec(`SELECT pg_advisory_lock(${key})`);
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    bigint PRIMARY KEY,
      name       text NOT NULL,
      applied_at text NOT NULL
    )`);
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
      })();
      applied++;
    }
    return applied;
  } finally {
    if (db.open) db.exec(`SELECT pg_advisory_unlock(${key})`);
  }
}
