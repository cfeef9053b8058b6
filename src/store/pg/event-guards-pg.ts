import type { Db } from '../db-types.ts';

/**
 * The append-only guards of the events table on PostgreSQL (migrations-pg/019-baseline.sql): BEFORE UPDATE and
 * BEFORE DELETE row triggers and a BEFORE TRUNCATE statement trigger, all calling events_append_only(), which
 * raises. A guard counts as present only if its trigger is enabled, fires at that moment for that operation, and
 * the function still raises the same message: a disabled trigger or a function replaced by a harmless one is
 * as missing as a dropped trigger.
 */
const FUNCTION_BODY = "BEGIN RAISE EXCEPTION 'the case file is append-only'; END";

/** tgtype bits (pg_trigger.h): ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32. */
const PG_GUARDS: Record<string, { tgtype: number; forEach: string; event: string }> = {
  events_no_update: { tgtype: 1 | 2 | 16, forEach: 'ROW', event: 'UPDATE' },
  events_no_delete: { tgtype: 1 | 2 | 8, forEach: 'ROW', event: 'DELETE' },
  events_no_truncate: { tgtype: 2 | 32, forEach: 'STATEMENT', event: 'TRUNCATE' },
};

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim().toLowerCase();

/** The guard triggers that are missing, disabled, or no longer call a function that raises. */
export function missingPgEventGuards(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT t.tgname AS name, t.tgtype AS tgtype, t.tgenabled AS enabled, p.proname AS fn, p.prosrc AS body
         FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE c.relname = 'events' AND c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal`,
    )
    .all() as { name: string; tgtype: number; enabled: string; fn: string; body: string }[];
  const found = new Map(rows.map((r) => [r.name, r]));
  return Object.entries(PG_GUARDS)
    .filter(([name, want]) => {
      const r = found.get(name);
      return (
        !r ||
        r.tgtype !== want.tgtype ||
        r.enabled === 'D' ||
        r.fn !== 'events_append_only' ||
        normalise(r.body) !== normalise(FUNCTION_BODY)
      );
    })
    .map(([name]) => name);
}

/** Re-creates the function and the missing or altered guards in one transaction; returns their names. */
export function restorePgEventGuards(db: Db): string[] {
  const missing = missingPgEventGuards(db);
  if (!missing.length) return [];
  db.transaction(() => {
    db.exec(`CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
${FUNCTION_BODY} $$`);
    for (const name of missing) {
      const g = PG_GUARDS[name];
      db.exec(`DROP TRIGGER IF EXISTS ${name} ON events`);
      db.exec(
        `CREATE TRIGGER ${name} BEFORE ${g.event} ON events FOR EACH ${g.forEach} EXECUTE FUNCTION events_append_only()`,
      );
    }
  })();
  return missing;
}
