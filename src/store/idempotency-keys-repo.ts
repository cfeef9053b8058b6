import type { Db } from './db.ts';

/** What a registration under one Idempotency-Key left behind. */
export interface IdempotencyRecord {
  scope: string;
  idempotency_key: string;
  fingerprint: string;
  petition_id: string;
  status: number;
  created_at: string;
}

/**
 * The idempotency_keys table (migration 022). `claim` is the only guard against registering one request twice:
 * the same statement on both backends, and on PostgreSQL a second instance claiming the same key waits for the
 * first one's transaction and then claims nothing. The rules (lifetime, fingerprint, replay) stay in
 * cases/registration-keys.ts.
 */
export function createIdempotencyKeysRepo(db: Db) {
  const s = {
    // An expired row of the same key is taken over in place: the key is the client's again after its lifetime.
    claim: db.prepare(
      `INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, petition_id, status, created_at)
       VALUES (@scope, @idempotency_key, @fingerprint, @petition_id, @status, @created_at)
       ON CONFLICT (scope, idempotency_key) DO UPDATE SET
         fingerprint = excluded.fingerprint, petition_id = excluded.petition_id, status = excluded.status,
         created_at = excluded.created_at
       WHERE idempotency_keys.created_at < @expired_before
       RETURNING petition_id`,
    ),
    find: db.prepare(
      `SELECT scope, idempotency_key, fingerprint, petition_id, status, created_at FROM idempotency_keys
        WHERE scope = ? AND idempotency_key = ? AND created_at >= ?`,
    ),
    purge: db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?'),
  };
  return {
    /**
     * Records the key for a registration being written; true only for the caller whose statement wrote the row
     * (false: a live row of this key exists, committed by another request).
     */
    claim: (row: IdempotencyRecord, expiredBefore: string) =>
      s.claim.get({ ...row, expired_before: expiredBefore }) !== undefined,
    /** The live record of a key: created at `notBefore` or later. */
    find: (scope: string, key: string, notBefore: string) =>
      s.find.get(scope, key, notBefore) as IdempotencyRecord | undefined,
    /** Deletes the records created before `before`; returns how many. */
    purge: (before: string) => s.purge.run(before).changes,
  };
}

export type IdempotencyKeysRepo = ReturnType<typeof createIdempotencyKeysRepo>;
