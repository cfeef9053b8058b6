import { tx, type Db } from './db.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { createPetitionsRepo } from './petitions-repo.ts';

/** The value hashed to recognise which HMAC key made the lookup rows (never an identity). */
const KEY_CHECK_INPUT = 'petitioner-lookup:key-check';
/** Written for a petitioner with neither number, so it is not decrypted again on every search. */
const NONE = '-';

/** Phone digits, or the upper-cased 18-character ID number: what registration and search both hash. */
export function lookupSources(p: { phone: string | null; id_number: string | null }): string[] {
  const out: string[] = [];
  if (p.id_number) out.push(p.id_number.toUpperCase());
  const digits = p.phone?.replace(/\D/g, '');
  if (digits) out.push(digits);
  return out;
}

/**
 * Brings the lookup table up to date: petitioners registered since the last call are decrypted once and their
 * phone and ID number stored only as keyed hashes. After a PII key rotation every row is rebuilt.
 */
export function refreshPetitionerLookup(db: Db, cipher: PiiCipher, identityKey: (v: string) => string): number {
  const check = identityKey(KEY_CHECK_INPUT);
  const state = db.prepare('SELECT key_check FROM petitioner_lookup_state WHERE id = 1').get() as
    | { key_check: string }
    | undefined;
  const fresh = db
    .prepare(
      'SELECT petition_id FROM petitioners r WHERE NOT EXISTS (SELECT 1 FROM petitioner_lookup k WHERE k.petition_id = r.petition_id)',
    )
    .pluck();
  if (state?.key_check === check && fresh.get() === undefined) return 0;
  const repo = createPetitionsRepo(db, cipher);
  const insert = db.prepare(
    'INSERT INTO petitioner_lookup (lookup_key, petition_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  return tx(db, () => {
    if (state?.key_check !== check) {
      db.prepare('DELETE FROM petitioner_lookup').run();
      db.prepare(
        'INSERT INTO petitioner_lookup_state (id, key_check) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET key_check = excluded.key_check',
      ).run(check);
    }
    const ids = fresh.all() as string[];
    for (const id of ids) {
      const p = repo.getPetitioner(id);
      const keys = p ? lookupSources(p).map(identityKey) : [];
      for (const k of keys.length ? keys : [NONE]) insert.run(k, id);
    }
    return ids.length;
  });
}
