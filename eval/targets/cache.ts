import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Answers already received from an entry, keyed by the entry's identity, the endpoint and the exact body,
 * so a re-run (or a --resume after an outage) does not ask the entry the same question twice. Only 2xx
 * JSON answers are kept: a failure must be asked again. A SQLite file, so several runs can share it.
 */
export interface RequestCache {
  get(key: string): { status: number; json: unknown; ms: number } | undefined;
  put(key: string, value: { status: number; json: unknown; ms: number }): void;
  close(): void;
}

export function cacheKey(entry: string, endpoint: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([entry, endpoint, body]))
    .digest('hex');
}

export function openRequestCache(path: string): RequestCache {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL, ms REAL NOT NULL, saved_at TEXT NOT NULL)`);
  const select = db.prepare<[string], { status: number; body: string; ms: number }>(
    'SELECT status, body, ms FROM answers WHERE key = ?',
  );
  const upsert = db.prepare('INSERT OR REPLACE INTO answers (key, status, body, ms, saved_at) VALUES (?, ?, ?, ?, ?)');
  return {
    get(key) {
      const row = select.get(key);
      return row ? { status: row.status, json: JSON.parse(row.body), ms: row.ms } : undefined;
    },
    put(key, v) {
      upsert.run(key, v.status, JSON.stringify(v.json), v.ms, new Date().toISOString());
    },
    close: () => db.close(),
  };
}
