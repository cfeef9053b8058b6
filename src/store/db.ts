import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db-types.ts';
import { groupCommitOf } from './group-commit.ts';

export type { Db, PragmaOptions, RunResult, Statement, Transaction } from './db-types.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A numbered SQL file in store/migrations, e.g. `003-alerts.sql`, applied once, in order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads the migrations folder; each domain adds its own file instead of editing a shared list. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f));
  const migrations = files
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, f), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new Error(
        `two migrations share version ${migrations[i].version}: ${migrations[i - 1].name}, ${migrations[i].name}`,
      );
    }
  }
  return migrations;
}

/**
 * Opens (creating if needed) the database in WAL mode with foreign keys and applies pending migrations.
 * cacheMiB: the page cache (SQLITE_CACHE_MIB); without it better-sqlite3's build default of 16 MiB. On a register of a
 * million petitions (10 GB), 2,048 MiB did not raise registration throughput (issue 24, docs/scale-benchmark.md).
 */
export function openDb(path: string, migrations = readMigrations(), opts: { cacheMiB?: number } = {}): Db {
  if (path !== ':memory:') createPrivately(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  if (opts.cacheMiB) db.pragma(`cache_size = ${-1024 * opts.cacheMiB}`);
  // FULL rather than NORMAL: a 201 must survive power loss, not just a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/**
 * The database holds personal data (encrypted) and the case file: its folder, where we create it, is 0700 and
 * the file 0600. SQLite gives the -wal and -shm files the mode of the database file; older files are tightened.
 */
function createPrivately(path: string) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(f) && statSync(f).mode & 0o077) chmodSync(f, 0o600);
  }
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let applied = 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied++;
  }
  return applied;
}

/**
 * Runs fn in one transaction: a request either writes everything or nothing. With group commit on
 * (store/group-commit.ts) it is a savepoint of the open batch, committed with it.
 */
export function tx<T>(db: Db, fn: () => T): T {
  groupCommitOf(db)?.join();
  return db.transaction(fn)();
}
