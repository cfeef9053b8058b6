import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import type { Db } from '../db-types.ts';
import { migratePg } from './migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

/** SQLite's own tables and the fts5 index (018), which the PostgreSQL baseline leaves to text-search's dialect. */
const SQLITE_ONLY_TABLE = /^(sqlite_|petitions_text)/;
const SQLITE_ONLY_TRIGGER = /^petitions_text_/;
/** What the PostgreSQL schema adds on purpose: its migration record, SQLite's hidden rowid, a TRUNCATE guard. */
const PG_ONLY_TABLES = ['schema_migrations'];
const PG_ONLY_TRIGGERS = ['events_no_truncate'];
/** The pg_trgm indexes that stand for the fts5 table petitions_text. */
const PG_ONLY_INDEXES = ['petitions_text_trgm', 'petitions_title_trgm'];
const TYPE: Record<string, string> = { TEXT: 'text', INTEGER: 'bigint', REAL: 'double precision' };

interface Column {
  name: string;
  type: string;
  notnull: number;
}

function sqliteSchema(db: Db) {
  const names = (type: string) =>
    (
      db
        .prepare('SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ORDER BY name')
        .pluck()
        .all(type) as string[]
    ).filter((n) => !SQLITE_ONLY_TABLE.test(n) && !SQLITE_ONLY_TRIGGER.test(n));
  const tables = names('table');
  const columns = Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT name, type, "notnull" FROM pragma_table_info('${t}') ORDER BY name`).all() as Column[]).map(
        (c) => ({ ...c, type: TYPE[c.type.toUpperCase()] ?? c.type }),
      ),
    ]),
  );
  return { tables, columns, indexes: names('index'), triggers: names('trigger') };
}

function pgSchema(db: Db) {
  const tables = (
    db
      .prepare('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')
      .pluck()
      .all() as string[]
  ).filter((t) => !PG_ONLY_TABLES.includes(t));
  const columns = Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(
          `SELECT column_name AS name, data_type AS type, (is_nullable = 'NO')::int AS "notnull"
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?
              AND column_name <> 'rowid' ORDER BY column_name`,
        )
        .all(t) as Column[],
    ]),
  );
  // Index names as SQLite knows them: explicit CREATE INDEX only, not the ones behind PRIMARY KEY / UNIQUE.
  const indexes = (
    db
      .prepare(
        `SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                          AND c.connamespace = current_schema()::regnamespace)
        ORDER BY 1`,
      )
      .pluck()
      .all() as string[]
  ).filter((n) => !PG_ONLY_INDEXES.includes(n));
  const triggers = (
    db
      .prepare(
        `SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal ORDER BY 1`,
      )
      .pluck()
      .all() as string[]
  ).filter((n) => !PG_ONLY_TRIGGERS.includes(n));
  return { tables, columns, indexes, triggers };
}

describe.skipIf(skip)('the PostgreSQL baseline (migrations-pg) against SQLite after all its migrations', () => {
  let t: TestSchema;
  let lite: Db;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
    lite = openDb(':memory:');
  });
  afterEach(() => {
    lite.close();
    t.drop();
  });

  it('has the same tables, columns (name, type, NOT NULL where SQLite has it), indexes and triggers', () => {
    const a = sqliteSchema(lite);
    const b = pgSchema(t.db);
    // Not an empty comparison: 31 tables, 27 indexes, 19 triggers when this was written (SQLite 001-019).
    expect(a.tables.length >= 31 && a.indexes.length >= 27 && a.triggers.length >= 19).toBe(true);
    expect([...b.tables].sort()).toEqual([...a.tables].sort());
    for (const table of a.tables) {
      const pg = new Map(b.columns[table].map((c) => [c.name, c]));
      expect([...pg.keys()].sort(), table).toEqual(a.columns[table].map((c) => c.name).sort());
      for (const c of a.columns[table]) {
        expect(pg.get(c.name)?.type, `${table}.${c.name}`).toBe(c.type);
        if (c.notnull) expect(pg.get(c.name)?.notnull, `${table}.${c.name} NOT NULL`).toBe(1);
      }
    }
    expect([...b.indexes].sort()).toEqual([...a.indexes].sort());
    expect([...b.triggers].sort()).toEqual([...a.triggers].sort());
  });
});
