import { createHmac } from 'node:crypto';
import { CIPHER_PREFIX, createPiiCipher, type PiiCipher } from './pii-cipher.ts';
import { mapPetitioner, PII_FIELDS, type PetitionerRow } from './petitions-repo.ts';
import { tx, type Db } from './db.ts';

/** The repeat-detection hash of an ID number or phone, keyed by the current PII key (as in deps.ts). */
export const identityHmac = (secret: string) => (value: string) => createHmac('sha256', secret).update(value).digest('hex');

export interface RewriteResult {
  rows: number;
  rewritten: number;
}

/**
 * Re-encrypts petitioner identities with the cipher's current key, in one transaction.
 * `only: 'plaintext'` touches just rows stored before encryption existed (run at every start-up);
 * `only: 'stale'` also re-encrypts rows written with an earlier key (scripts/rotate-pii-key.ts).
 * `identityKey` recomputes the repeat-detection hash when the HMAC key changes with the PII key.
 */
export function rewritePetitioners(db: Db, cipher: PiiCipher, opts: { only: 'plaintext' | 'stale'; identityKey?: (v: string) => string }): RewriteResult {
  const rows = db.prepare('SELECT * FROM petitioners').all() as PetitionerRow[];
  const update = db.prepare(
    'UPDATE petitioners SET name = @name, id_number = @id_number, phone = @phone, address = @address, identity_key = @identity_key WHERE petition_id = @petition_id',
  );
  const isPlain = (v: string | null) => v !== null && !v.startsWith(CIPHER_PREFIX);
  let rewritten = 0;
  const sealedRows = db.prepare("SELECT id, sealed FROM petitions WHERE sealed IS NOT NULL AND sealed != ''").all() as { id: string; sealed: string }[];
  const reseal = db.prepare('UPDATE petitions SET sealed = ? WHERE id = ?');
  tx(db, () => {
    // Numbers sealed out of petition texts (cases/sealed-text.ts) follow the key too.
    if (opts.only === 'stale') {
      for (const r of sealedRows) {
        if (!cipher.needsRewrite(r.sealed)) continue;
        reseal.run(cipher.encrypt(cipher.decrypt(r.sealed, `${r.id}:sealed`), `${r.id}:sealed`), r.id);
        rewritten++;
      }
    }
    for (const row of rows) {
      const stale = PII_FIELDS.some((f) => (opts.only === 'plaintext' ? isPlain(row[f]) : cipher.needsRewrite(row[f])));
      // Rows already under the current key also carry an identity_key made with it.
      if (!stale) continue;
      const clear = mapPetitioner(row, (v, ctx) => (isPlain(v) ? v : cipher.decrypt(v, ctx)));
      const source = clear.id_number?.toUpperCase() ?? clear.phone?.replace(/\D/g, '');
      const identity_key = opts.identityKey ? (source ? opts.identityKey(source) : null) : row.identity_key;
      update.run({ ...mapPetitioner(clear, (v, ctx) => cipher.encrypt(v, ctx)), identity_key });
      rewritten++;
    }
  });
  return { rows: rows.length, rewritten };
}

/**
 * Key rotation: re-encrypts every petitioner with `current` (reading rows written with any of `previous`)
 * and recomputes identity_key, whose HMAC key is the current PII key. One transaction: all or nothing.
 */
export function rotatePiiKey(db: Db, keys: { current: string; previous: string[] }): RewriteResult & { keyId: string } {
  const cipher = createPiiCipher(keys);
  const result = rewritePetitioners(db, cipher, { only: 'stale', identityKey: identityHmac(keys.current) });
  return { ...result, keyId: cipher.keyId };
}
