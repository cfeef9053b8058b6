import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../store/db.ts';
import { hashSecret, type Principal } from './key-store.ts';
import type { Role } from './roles.ts';

export interface Session extends Principal {
  csrfToken: string;
  expiresAt: string;
}

/** Browser sessions: a random cookie token (stored hashed) bound to a key, with its own CSRF token. */
export function createSessionStore(db: Db, clock: Clock, ttlHours: number) {
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
    /** Opens a session for an authenticated key; returns the cookie token (never stored in clear). */
    open(p: Principal): { token: string; session: Session } {
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
      s.purge.run(now.toISOString());
      s.insert.run(hashSecret(token), p.keyId, csrfToken, now.toISOString(), expiresAt);
      return { token, session: { ...p, csrfToken, expiresAt } };
    },

    find(token: string): Session | null {
      const r = s.get.get(hashSecret(token), clock.now().toISOString()) as
        | { key_id: string; csrf_token: string; expires_at: string; name: string; role: Role }
        | undefined;
      return r
        ? { keyId: r.key_id, name: r.name, role: r.role, csrfToken: r.csrf_token, expiresAt: r.expires_at }
        : null;
    },

    close: (token: string) => void s.remove.run(hashSecret(token)),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
