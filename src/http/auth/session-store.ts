import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../store/db.ts';
import { createSessionsRepo } from '../../store/sessions-repo.ts';
import { hashSecret, type Principal } from './key-store.ts';
import type { Role } from './roles.ts';

export interface Session extends Principal {
  csrfToken: string;
  expiresAt: string;
}

/** Browser sessions: a random cookie token (stored hashed) bound to a key, with its own CSRF token. */
export function createSessionStore(db: Db, clock: Clock, ttlHours: number) {
  const sessions = createSessionsRepo<Role>(db);

  return {
    /** Opens a session for an authenticated key; returns the cookie token (never stored in clear). */
    open(p: Principal): { token: string; session: Session } {
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
      sessions.purge(now.toISOString());
      sessions.insert({
        token_hash: hashSecret(token),
        key_id: p.keyId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      });
      return { token, session: { ...p, csrfToken, expiresAt } };
    },

    find(token: string): Session | null {
      const r = sessions.live(hashSecret(token), clock.now().toISOString());
      return r
        ? { keyId: r.key_id, name: r.name, role: r.role, csrfToken: r.csrf_token, expiresAt: r.expires_at }
        : null;
    },

    close: (token: string) => sessions.remove(hashSecret(token)),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
