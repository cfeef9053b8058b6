import type { Db } from './db.ts';

/** A live session with its key's name and role, as the sign-in check reads it. */
export interface SessionRecord<R extends string = string> {
  key_id: string;
  csrf_token: string;
  expires_at: string;
  name: string;
  role: R;
}

/** The sessions table (tokens stored hashed); opening and checking them stays in http/auth/session-store.ts. */
export function createSessionsRepo<R extends string = string>(db: Db) {
  const s = {
    insert: db.prepare(
      'INSERT INTO sessions (token_hash, key_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    get: db.prepare(
      `SELECT s.key_id, s.csrf_token, s.expires_at, k.name, k.role FROM sessions s JOIN api_keys k ON k.id = s.key_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND k.revoked_at IS NULL`,
    ),
    remove: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    purge: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  return {
    insert: (row: { token_hash: string; key_id: string; csrf_token: string; created_at: string; expires_at: string }) =>
      void s.insert.run(row.token_hash, row.key_id, row.csrf_token, row.created_at, row.expires_at),
    /** The session of a token hash that has not expired at `now` and whose key is not revoked. */
    live: (tokenHash: string, now: string) => s.get.get(tokenHash, now) as SessionRecord<R> | undefined,
    remove: (tokenHash: string) => void s.remove.run(tokenHash),
    /** Deletes the sessions expired at `now`. */
    purge: (now: string) => void s.purge.run(now),
  };
}
