import type { Db } from './db.ts';
import { dialectOf } from './dialect.ts';
import { missingPgEventGuards, restorePgEventGuards } from './pg/event-guards-pg.ts';

/**
 * The triggers that make the events table append-only (migration 001). Someone with the database file can drop
 * them; the service checks them at start-up and on every verification, and re-creates them at start-up.
 */
export const EVENT_GUARDS: Record<string, string> = {
  events_no_update: `CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'the case file is append-only');
END`,
  events_no_delete: `CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'the case file is append-only');
END`,
};

const normalise = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*/g, ';')
    .trim()
    .toLowerCase();

/** The guard triggers that are missing or no longer say what they should (e.g. replaced by a harmless one). */
export function missingEventGuards(db: Db): string[] {
  if (dialectOf(db) === 'postgres') return missingPgEventGuards(db);
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
    .all() as { name: string; sql: string }[];
  const found = new Map(rows.map((r) => [r.name, normalise(r.sql ?? '')]));
  return Object.entries(EVENT_GUARDS)
    .filter(([name, sql]) => found.get(name) !== normalise(sql))
    .map(([name]) => name);
}

/** Re-creates the missing or altered guards in one transaction and returns their names. */
export function restoreEventGuards(db: Db): string[] {
  if (dialectOf(db) === 'postgres') return restorePgEventGuards(db);
  const missing = missingEventGuards(db);
  if (!missing.length) return [];
  db.transaction(() => {
    for (const name of missing) {
      db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      db.exec(EVENT_GUARDS[name]);
    }
  })();
  return missing;
}
