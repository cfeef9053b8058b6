import type { Config } from '../config.ts';
import { openDb } from './db.ts';
import type { Db } from './db-types.ts';
import { openPgStore } from './pg/open-pg-store.ts';

/**
 * The one place that chooses the backend (issue 22): PostgreSQL when DATABASE_URL is set — connected, its
 * search_path and collation checked, migrations-pg applied under the advisory lock (pg/open-pg-store.ts)
 * — else the embedded SQLite file at DB_PATH, the default. A problem with the URL or the server is a
 * StartupError in Chinese; index.ts prints it without a stack.
 */
export function openStore(config: Pick<Config, 'DB_PATH' | 'DATABASE_URL' | 'SQLITE_CACHE_MIB'>): Db {
  if (config.DATABASE_URL) return openPgStore(config.DATABASE_URL);
  return openDb(config.DB_PATH, undefined, { cacheMiB: config.SQLITE_CACHE_MIB });
}
