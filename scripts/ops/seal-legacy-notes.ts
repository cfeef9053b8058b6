/**
 * Seals personal data in free text stored by a version before issue 17 (draft replies, follow-up comments,
 * acknowledgement notes, assignment instructions, findings and extension reasons, locations, attachment names):
 * each name, number or address becomes the petition's placeholder and its original is encrypted in pii_vault.
 *
 *   PII_KEY=<64 hex> DB_PATH=./data/xinfang.db npx tsx scripts/ops/seal-legacy-notes.ts
 *
 * Run once after upgrading, with the service stopped (one transaction; running it again changes nothing).
 * Case-file events keep what was written at the time: the hash chain forbids rewriting them.
 */
import { loadConfig } from '../../src/config.ts';
import { sealLegacyNotes } from '../../src/cases/seal-legacy-notes.ts';
import { createLogger } from '../../src/log.ts';
import { openDb } from '../../src/store/db.ts';
import { createPiiCipher } from '../../src/store/pii-cipher.ts';
import { checkPiiKeysOpen, resolvePiiKeys } from '../../src/store/pii-keys.ts';

const config = loadConfig();
const keys = resolvePiiKeys(config, createLogger('warn'));
const db = openDb(config.DB_PATH);
try {
  const cipher = createPiiCipher(keys);
  checkPiiKeysOpen(db, cipher, keys);
  console.log(JSON.stringify({ db: config.DB_PATH, sealed: sealLegacyNotes(db, cipher) }));
  db.pragma('wal_checkpoint(TRUNCATE)');
} catch (e) {
  console.error(`没有完成，数据库未改动：${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  db.close();
}
