import type { Db } from './db-types.ts';
import { PgSyncDb } from './pg/pg-sync-db.ts';

/** Which SQL a connection speaks, for the few statements that differ (docs/design/postgres.md §2.4). */
export type Dialect = 'sqlite' | 'postgres';

/** The dialect of a connection: PostgreSQL through the synchronous adapter, otherwise SQLite. */
export const dialectOf = (db: Db): Dialect => (db instanceof PgSyncDb ? 'postgres' : 'sqlite');
