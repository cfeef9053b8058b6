import { randomBytes } from 'node:crypto';
import { PgSyncDb } from '../pg-sync-db.ts';

/** The PostgreSQL the adapter tests run against (TEST_DATABASE_URL); undefined skips them. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Why PostgreSQL tests are skipped, printed once by each test file that skips them. */
export function skipReason(): string | undefined {
  if (TEST_DATABASE_URL) return undefined;
  const reason =
    'PostgreSQL tests skipped: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)';
  console.log(reason);
  return reason;
}

/** A connection whose search_path is a fresh schema of its own; drop() removes the schema and closes. */
export interface TestSchema {
  db: PgSyncDb;
  schema: string;
  drop(): void;
}

/** Opens TEST_DATABASE_URL in a new schema t_<random>, so tests never see each other's tables. */
export function openTestSchema(url = TEST_DATABASE_URL): TestSchema {
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const db = new PgSyncDb(url);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return {
    db,
    schema,
    drop() {
      // The code under test may have closed the connection (deps.close()): drop through a new one then.
      const owner = db.open ? db : new PgSyncDb(url);
      if (owner.inTransaction) owner.exec('ROLLBACK');
      owner.exec(`DROP SCHEMA ${schema} CASCADE`);
      owner.close();
      if (db.open) db.close();
    },
  };
}
