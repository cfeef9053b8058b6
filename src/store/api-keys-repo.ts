import type { Db } from './db.ts';

/** An API key as stored (the secret only as its SHA-256); `role` is one of http/auth/roles.ts ROLES. */
export interface ApiKeyRecord<R extends string = string> {
  id: string;
  name: string;
  role: R;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface NewApiKey {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  created_by: string;
}

const COLUMNS = 'id, name, role, prefix, created_at, created_by, revoked_at, revoked_by';

/** The api_keys table; the rules (unique names, audit events, who may revoke) stay in http/auth/key-store.ts. */
export function createApiKeysRepo<R extends string = string>(db: Db) {
  const s = {
    insert: db.prepare(
      `INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by)
       VALUES (@id, @name, @role, @key_hash, @prefix, @created_at, @created_by)`,
    ),
    byHash: db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ?`),
    byId: db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`),
    list: db.prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`),
    revoke: db.prepare('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL'),
    endSessions: db.prepare('DELETE FROM sessions WHERE key_id = ?'),
    activeAdmins: db.prepare("SELECT COUNT(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL"),
    byName: db.prepare('SELECT id FROM api_keys WHERE name = ?'),
    active: db.prepare('SELECT 1 FROM api_keys WHERE id = ? AND revoked_at IS NULL'),
  };
  return {
    insert: (row: NewApiKey & { role: R }) => void s.insert.run(row),
    byHash: (keyHash: string) => s.byHash.get(keyHash) as ApiKeyRecord<R> | undefined,
    byId: (id: string) => s.byId.get(id) as ApiKeyRecord<R> | undefined,
    list: () => s.list.all() as ApiKeyRecord<R>[],
    /** Marks a key revoked; false when it was already revoked (or does not exist). */
    revoke: (id: string, at: string, by: string) => s.revoke.run(at, by, id).changes > 0,
    /** Ends every browser session opened with the key. */
    endSessions: (keyId: string) => void s.endSessions.run(keyId),
    /** Whether a key, revoked ones included, already has this name (names are unique, migration 015). */
    nameTaken: (name: string) => s.byName.get(name) !== undefined,
    isActive: (id: string) => s.active.get(id) !== undefined,
    activeAdmins: () => (s.activeAdmins.get() as { n: number }).n,
  };
}

export type ApiKeysRepo<R extends string = string> = ReturnType<typeof createApiKeysRepo<R>>;
