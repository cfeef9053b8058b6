import { openDb, type Db } from '../store/db.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { openTestSchema, type TestSchema } from '../store/pg/testing/pg-test-db.ts';

/**
 * Which database the behaviour tests run on: `TEST_BACKEND=pg` (set by the vitest project 'pg', which also needs
 * TEST_DATABASE_URL) or SQLite in memory. One code path: tests ask for `openTestDb()` and never choose.
 */
export const TEST_BACKEND: 'pg' | 'sqlite' = process.env.TEST_BACKEND === 'pg' ? 'pg' : 'sqlite';

/** True when the behaviour tests run on PostgreSQL; tests that only make sense on SQLite skip themselves with it. */
export const onPg = TEST_BACKEND === 'pg';

/** Why a SQLite-only test does not run in the pg project, printed once by the file that skips it. */
export function sqliteOnly(why: string): string | undefined {
  if (!onPg) return undefined;
  const reason = `SQLite only (skipped on PostgreSQL): ${why}`;
  console.log(reason);
  return reason;
}

// Schemas still to drop: those opened inside a test go after that test, the others (beforeAll) after the file.
const perTest: TestSchema[] = [];
const perFile: TestSchema[] = [];
let inTest = false;

/**
 * A fresh, migrated database for one test: SQLite in memory, or on PostgreSQL a new schema of TEST_DATABASE_URL
 * with migrations-pg applied, dropped by the pg project's setup file (testing/pg-setup.ts) after the test, or
 * after the file when opened in beforeAll.
 */
export function openTestDb(): Db {
  if (!onPg) return openDb(':memory:');
  const t = openTestSchema();
  (inTest ? perTest : perFile).push(t);
  // A throwaway schema needs no durability: not waiting for the WAL flush at each commit halves the time of
  // the many small autocommit writes tests make (measured 8.3 → 4.6 ms per petition insert on this busy machine).
  t.db.exec('SET synchronous_commit TO off');
  migratePg(t.db);
  return t.db;
}

/**
 * DATABASE_URL of a fresh, empty schema for a service process the test starts (testing/server-process.ts) on
 * PostgreSQL, or undefined on SQLite. The schema is selected through the URL (`options=-c search_path=…`,
 * which libpq sends with every connection, the reconnects and the alert listener included) and left unmigrated:
 * the process migrates it at start-up as in production. Dropped like openTestDb's schemas.
 */
export function testServerDatabaseUrl(): string | undefined {
  if (!onPg) return undefined;
  const t = openTestSchema();
  (inTest ? perTest : perFile).push(t);
  const url = process.env.TEST_DATABASE_URL as string;
  // Throwaway data: commits need not wait for the WAL flush (as openTestDb). Spaces as %20: libpq reads '+' literally.
  const options = encodeURIComponent(`-c search_path=${t.schema} -c synchronous_commit=off`);
  return `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
}

/** Marks the start of a test (setup file beforeEach): schemas opened from now on belong to it. */
export function beginTestDbScope() {
  inTest = true;
}

/** Drops the schemas of the test that ended (`'test'`) or of the whole file (`'file'`). */
export function dropTestDbs(scope: 'test' | 'file') {
  inTest = false;
  const list = perTest.splice(0);
  if (scope === 'file') list.push(...perFile.splice(0));
  const errors: unknown[] = [];
  for (const t of list) {
    try {
      t.drop();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0];
}
