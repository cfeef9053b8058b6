import { createHmac } from 'node:crypto';
import { CIPHER_PREFIX, createPiiCipher, type PiiCipher } from './pii-cipher.ts';
import { mapPetitioner, PII_FIELDS, type PetitionerRow } from './petitions-repo.ts';
import { tx, type Db } from './db.ts';
import { tableNames } from './dialect.ts';

/** The repeat-detection hash of an ID number or phone, keyed by the current PII key (as in deps.ts). */
export const identityHmac = (secret: string) => (value: string) =>
  createHmac('sha256', secret).update(value).digest('hex');

export interface RewriteResult {
  rows: number;
  rewritten: number;
}

/**
 * Encrypts petitioner identities stored in plaintext by a version before encryption existed, in one
 * transaction; run at every start-up (deps.ts). Rotating to a new key is rotatePiiKey below.
 */
export function rewritePetitioners(
  db: Db,
  cipher: PiiCipher,
  _opts: { only: 'plaintext' } = { only: 'plaintext' },
): RewriteResult {
  const rows = db.prepare('SELECT * FROM petitioners').all() as PetitionerRow[];
  const update = db.prepare(
    'UPDATE petitioners SET name = @name, id_number = @id_number, phone = @phone, address = @address WHERE petition_id = @petition_id',
  );
  const isPlain = (v: string | null) => v !== null && !v.startsWith(CIPHER_PREFIX);
  let rewritten = 0;
  tx(db, () => {
    for (const row of rows) {
      if (!PII_FIELDS.some((f) => isPlain(row[f]))) continue;
      const clear = mapPetitioner(row, (v, ctx) => (isPlain(v) ? v : cipher.decrypt(v, ctx)));
      update.run(mapPetitioner(clear, (v, ctx) => cipher.encrypt(v, ctx)));
      rewritten++;
    }
  });
  return { rows: rows.length, rewritten };
}

/** One table's sealed columns and the encryption context (AAD) each value is bound to. */
interface SealedTable {
  table: string;
  key: string[];
  columns: string[];
  context: (row: Record<string, string | number | null>, column: string) => string;
  /** The keyed hash of the ID number or phone kept beside the sealed columns, recomputed with the new key. */
  identityKey?: boolean;
}

/**
 * Every column that holds AES-GCM ciphertext (`enc:v1:`). A table a migration has not created yet is skipped, so
 * a database of any version rotates whole. A new sealed column must be listed here: pii-rotate.test.ts scans
 * every table and fails on any ciphertext the rotation left under an old key.
 */
export const SEALED_TABLES: SealedTable[] = [
  { table: 'petitions', key: ['id'], columns: ['sealed'], context: (r) => `${r.id}:sealed` },
  {
    table: 'petitioners',
    key: ['petition_id'],
    columns: [...PII_FIELDS],
    context: (r, c) => `${r.petition_id}:${c}`,
    identityKey: true,
  },
  {
    table: 'petition_parties',
    key: ['petition_id', 'seq'],
    columns: [...PII_FIELDS],
    context: (r, c) => `${r.petition_id}:party${r.seq}:${c}`,
    identityKey: true,
  },
  // Personal data taken out of notes, findings and drafts (cases/sealed-notes.ts, store/pii-vault.ts).
  {
    table: 'pii_vault',
    key: ['petition_id', 'placeholder'],
    columns: ['value'],
    context: (r) => `${r.petition_id}:vault:${r.placeholder}`,
  },
];

/** What a rotation did, per table: rows read and rows re-encrypted. */
export type RotationResult = RewriteResult & { keyId: string; tables: Record<string, RewriteResult> };

function rotateTable(db: Db, t: SealedTable, cipher: PiiCipher, identityKey: (v: string) => string): RewriteResult {
  const rows = db.prepare(`SELECT * FROM ${t.table}`).all() as Record<string, string | number | null>[];
  const sets = [...t.columns, ...(t.identityKey ? ['identity_key'] : [])].map((c) => `${c} = @${c}`).join(', ');
  const update = db.prepare(`UPDATE ${t.table} SET ${sets} WHERE ${t.key.map((k) => `${k} = @${k}`).join(' AND ')}`);
  let rewritten = 0;
  for (const row of rows) {
    // A row already under the current key also carries an identity_key made with it.
    if (!t.columns.some((c) => Boolean(row[c]) && cipher.needsRewrite(row[c] as string))) continue;
    const next: Record<string, string | number | null> = { ...row };
    const clear: Record<string, string | null> = {};
    for (const c of t.columns) {
      const v = row[c] as string | null;
      // Plaintext left by an earlier version is sealed too; ciphertext is opened with whichever key wrote it.
      clear[c] = !v?.startsWith(CIPHER_PREFIX) ? v : cipher.decrypt(v, t.context(row, c));
      next[c] = clear[c] ? cipher.encrypt(clear[c], t.context(row, c)) : clear[c];
    }
    if (t.identityKey) {
      const source = clear.id_number?.toUpperCase() ?? clear.phone?.replace(/\D/g, '');
      next.identity_key = source ? identityKey(source) : null;
    }
    update.run(next);
    rewritten++;
  }
  return { rows: rows.length, rewritten };
}

/**
 * Key rotation: re-encrypts every sealed column (SEALED_TABLES) with `current`, reading values written with any
 * of `previous`, recomputes the identity hashes (their HMAC key is the current PII key) and drops the phone / ID
 * lookup hashes, which the next search rebuilds under the new key. One transaction: all or nothing.
 */
export function rotatePiiKey(db: Db, keys: { current: string; previous: string[] }): RotationResult {
  const cipher = createPiiCipher(keys);
  const hmac = identityHmac(keys.current);
  const present = new Set(tableNames(db));
  const tables: Record<string, RewriteResult> = {};
  tx(db, () => {
    for (const t of SEALED_TABLES) if (present.has(t.table)) tables[t.table] = rotateTable(db, t, cipher, hmac);
    if (present.has('petitioner_lookup')) {
      db.prepare('DELETE FROM petitioner_lookup').run();
      db.prepare('DELETE FROM petitioner_lookup_state').run();
    }
  });
  const petitioners = tables.petitioners ?? { rows: 0, rewritten: 0 };
  const rewritten = Object.values(tables).reduce((n, r) => n + r.rewritten, 0);
  return { rows: petitioners.rows, rewritten, keyId: cipher.keyId, tables };
}
