import type { Db } from './db.ts';
import type { PiiCipher } from './pii-cipher.ts';

/** Encryption context of one vault value: bound to its petition and placeholder, so it cannot be moved. */
export const vaultContext = (petitionId: string, placeholder: string) => `${petitionId}:vault:${placeholder}`;

/** SQL for pii_vault (migration 014): a petition's placeholders and their encrypted originals. */
export function createPiiVault(db: Db, cipher: PiiCipher) {
  const select = db.prepare('SELECT placeholder, value FROM pii_vault WHERE petition_id = ?');
  const insert = db.prepare('INSERT INTO pii_vault (petition_id, placeholder, value) VALUES (?, ?, ?)');
  return {
    /** placeholder → original, decrypted. */
    read(petitionId: string): Map<string, string> {
      const rows = select.all(petitionId) as { placeholder: string; value: string }[];
      return new Map(
        rows.map((r) => [r.placeholder, cipher.decrypt(r.value, vaultContext(petitionId, r.placeholder))]),
      );
    },
    add(petitionId: string, placeholder: string, value: string) {
      insert.run(petitionId, placeholder, cipher.encrypt(value, vaultContext(petitionId, placeholder)));
    },
  };
}
