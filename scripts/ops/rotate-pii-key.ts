/**
 * Re-encrypts every sealed column (petitioners, co-petitioners and representatives, numbers sealed out of texts,
 * the vault of notes) with a new PII key (see src/http/auth/README.md, "轮换 PII_KEY").
 *
 *   PII_KEY=<new 64 hex> PII_KEY_PREVIOUS=<old 64 hex>[,<older>] DB_PATH=./data/xinfang.db npx tsx scripts/ops/rotate-pii-key.ts
 *
 * Stop the service first (or run it in a maintenance window): the rewrite is one transaction, and a
 * service still holding only the old key could not read rows written with the new one.
 * `--generate` just prints a fresh random key to use as the new PII_KEY.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/store/db.ts';
import { keyIdOf } from '../../src/store/pii-cipher.ts';
import { devKeyPath } from '../../src/store/pii-keys.ts';
import { rotatePiiKey } from '../../src/store/pii-rotate.ts';

if (process.argv.includes('--generate')) {
  console.log(randomBytes(32).toString('hex'));
  process.exit(0);
}

const config = loadConfig();
if (!config.PII_KEY) {
  console.error('set PII_KEY to the new key (npx tsx scripts/ops/rotate-pii-key.ts --generate makes one)');
  process.exit(1);
}
const previous = config.PII_KEY_PREVIOUS?.split(',') ?? [];
// Leaving development: the key file beside the database is an old key too.
const devFile = devKeyPath(config.DB_PATH);
if (existsSync(devFile)) previous.push(readFileSync(devFile, 'utf8').trim());

const db = openDb(config.DB_PATH);
try {
  const r = rotatePiiKey(db, { current: config.PII_KEY, previous });
  console.log(
    JSON.stringify({
      db: config.DB_PATH,
      key_id: r.keyId,
      old_key_ids: previous.map(keyIdOf),
      petitioners: r.rows,
      rewritten: r.rewritten,
      tables: r.tables,
    }),
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
} catch (e) {
  console.error(`rotation failed, nothing was changed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  db.close();
}
