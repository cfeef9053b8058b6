import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { EventLog } from '../../audit/event-log.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { createApiKeysRepo, type ApiKeyRecord } from '../../store/api-keys-repo.ts';
import { tx, type Db } from '../../store/db.ts';
import { RESERVED_ACTOR_NAMES } from './actor.ts';
import type { Role } from './roles.ts';

/** What a request is authenticated as. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
}

/** An API key as the admin API lists it (never the secret). */
export type ApiKeyRow = ApiKeyRecord<Role>;

/** Keys are `xf_` + 43 base64url characters (256 random bits): a plain SHA-256 suffices, no slow hash needed. */
export const newApiKey = () => `xf_${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time string comparison, for CSRF tokens. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API keys stored hashed; creation and revocation are written to the case file as office-level events. */
export function createKeyStore(db: Db, clock: Clock, events: EventLog) {
  const keys = createApiKeysRepo<Role>(db);

  /** A key's name is who the case file says acted: two keys never share one, revoked keys included (migration 015). */
  function checkName(name: string): void {
    if ((RESERVED_ACTOR_NAMES as readonly string[]).includes(name.toLowerCase())) {
      throw new AppError(400, 'invalid_request', `密钥名称“${name}”为系统保留名称，请换一个`, [
        { path: 'name', message: '系统保留名称' },
      ]);
    }
    if (keys.nameTaken(name))
      throw conflict('name_taken', `密钥名称“${name}”已被使用（含已吊销的密钥），请换一个名称，例如加上岗位或编号`);
  }

  /** The first free name of `base`, `base 2`, `base 3`…: for keys the service registers itself at start-up. */
  function freeName(base: string): string {
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base} ${n}`;
      if (!keys.nameTaken(name)) return name;
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
    keys.insert(row);
    if (audit)
      events.append({
        petitionId: null,
        type: 'key_created',
        actor: createdBy,
        payload: { key_id: row.id, name, role },
      });
    return keys.byId(row.id) as ApiKeyRow;
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
      const state = () => {
        const row = keys.byHash(hashSecret(key));
        return row ? (row.revoked_at ? 'revoked' : 'exists') : null;
      };
      const before = state();
      if (before) return before;
      try {
        // Start-up seeding is configuration, not an office action: it leaves no case-file event.
        tx(db, () => insert(key, freeName(name), role, 'system', false));
      } catch (e) {
        // Instances starting together on one PostgreSQL database: another one registered the key a moment ago
        // (its unique hash, or the name both chose, refused this insert). Anything else still stops start-up.
        const after = state();
        if (after) return after;
        throw e;
      }
      return 'created';
    },

    list: (): ApiKeyRow[] => keys.list(),

    /** Revokes a key at once: its next request is refused and its browser sessions end. */
    revoke(id: string, by: string): ApiKeyRow {
      return tx(db, () => {
        if (!keys.byId(id)) throw notFound('key', id);
        if (keys.revoke(id, clock.now().toISOString(), by)) {
          keys.endSessions(id);
          events.append({ petitionId: null, type: 'key_revoked', actor: by, payload: { key_id: id } });
        }
        return keys.byId(id) as ApiKeyRow;
      });
    },

    /** The principal for a presented key, or null for an unknown or revoked one. */
    authenticate(key: string): Principal | null {
      const row = keys.byHash(hashSecret(key));
      return row && !row.revoked_at ? { keyId: row.id, name: row.name, role: row.role } : null;
    },

    /** True while the key exists and is not revoked (open event streams are ended when it is not, stream-guard.ts). */
    isActive: (id: string) => keys.isActive(id),

    hasActiveAdmin: () => keys.activeAdmins() > 0,
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
