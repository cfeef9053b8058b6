import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { EventLog } from '../../audit/event-log.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { tx, type Db } from '../../store/db.ts';
import { RESERVED_ACTOR_NAMES } from './actor.ts';
import type { Role } from './roles.ts';

/** What a request is authenticated as. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Keys are `xf_` + 43 base64url characters (256 random bits): a plain SHA-256 suffices, no slow hash needed. */
export const newApiKey = () => `xf_${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time string comparison, for CSRF tokens. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const COLUMNS = 'id, name, role, prefix, created_at, created_by, revoked_at, revoked_by';

/** API keys stored hashed; creation and revocation are written to the case file as office-level events. */
export function createKeyStore(db: Db, clock: Clock, events: EventLog) {
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

  /** A key's name is who the case file says acted: two keys never share one, revoked keys included (migration 015). */
  function checkName(name: string): void {
    if ((RESERVED_ACTOR_NAMES as readonly string[]).includes(name.toLowerCase())) {
      throw new AppError(400, 'invalid_request', `密钥名称“${name}”为系统保留名称，请换一个`, [
        { path: 'name', message: '系统保留名称' },
      ]);
    }
    if (s.byName.get(name))
      throw conflict('name_taken', `密钥名称“${name}”已被使用（含已吊销的密钥），请换一个名称，例如加上岗位或编号`);
  }

  /** The first free name of `base`, `base 2`, `base 3`…: for keys the service registers itself at start-up. */
  function freeName(base: string): string {
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base} ${n}`;
      if (!s.byName.get(name)) return name;
    }
  }

  function insert(key: string, name: string, role: Role, createdBy: string, audit = true): ApiKeyRow {
    const row = {
      id: `key_${randomBytes(6).toString('hex')}`,
      name,
      role,
      key_hash: hashSecret(key),
      prefix: key.slice(0, 7),
      created_at: clock.now().toISOString(),
      created_by: createdBy,
    };
    s.insert.run(row);
    if (audit)
      events.append({
        petitionId: null,
        type: 'key_created',
        actor: createdBy,
        payload: { key_id: row.id, name, role },
      });
    return s.byId.get(row.id) as ApiKeyRow;
  }

  return {
    /** Creates a key; the returned `key` is the only time the secret is ever visible. */
    create(input: { name: string; role: Role }, createdBy: string): ApiKeyRow & { key: string } {
      const key = newApiKey();
      return {
        ...tx(db, () => {
          checkName(input.name);
          return insert(key, input.name, input.role, createdBy);
        }),
        key,
      };
    },

    /** Registers a key chosen by the operator (ADMIN_API_KEY); a known key, even a revoked one, is left as it is. */
    seed(key: string, name: string, role: Role): 'created' | 'exists' | 'revoked' {
      const existing = s.byHash.get(hashSecret(key)) as ApiKeyRow | undefined;
      if (existing) return existing.revoked_at ? 'revoked' : 'exists';
      // Start-up seeding is configuration, not an office action: it leaves no case-file event.
      tx(db, () => insert(key, freeName(name), role, 'system', false));
      return 'created';
    },

    list: () => s.list.all() as ApiKeyRow[],

    /** Revokes a key at once: its next request is refused and its browser sessions end. */
    revoke(id: string, by: string): ApiKeyRow {
      return tx(db, () => {
        if (!s.byId.get(id)) throw notFound('key', id);
        if (s.revoke.run(clock.now().toISOString(), by, id).changes) {
          s.endSessions.run(id);
          events.append({ petitionId: null, type: 'key_revoked', actor: by, payload: { key_id: id } });
        }
        return s.byId.get(id) as ApiKeyRow;
      });
    },

    /** The principal for a presented key, or null for an unknown or revoked one. */
    authenticate(key: string): Principal | null {
      const row = s.byHash.get(hashSecret(key)) as ApiKeyRow | undefined;
      return row && !row.revoked_at ? { keyId: row.id, name: row.name, role: row.role } : null;
    },

    /** True while the key exists and is not revoked (open event streams are ended when it is not, stream-guard.ts). */
    isActive: (id: string) => s.active.get(id) !== undefined,

    hasActiveAdmin: () => (s.activeAdmins.get() as { n: number }).n > 0,
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
