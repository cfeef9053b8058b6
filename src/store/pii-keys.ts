import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Db } from './db.ts';
import { PiiKeyError, type PiiCipher } from './pii-cipher.ts';

export interface PiiKeys {
  current: string;
  previous: string[];
  /** Where the key came from: 'config', a key file path, or 'ephemeral' (an in-memory database). */
  source: string;
}

/** The development key file, next to the database: ./data/pii.key for the default DB_PATH. */
export const devKeyPath = (dbPath: string) => join(dirname(dbPath), 'pii.key');

/**
 * PII_KEY when set. Otherwise (development) a random key kept in a 0600 file beside the database, with a
 * warning; an in-memory database gets a throw-away key. Personal data is never stored in plaintext.
 */
export function resolvePiiKeys(config: Config, log: Logger): PiiKeys {
  const previous = config.PII_KEY_PREVIOUS?.split(',').map((k) => k.toLowerCase()) ?? [];
  if (config.PII_KEY) return { current: config.PII_KEY.toLowerCase(), previous, source: 'config' };
  // A key file beside the database protects nothing against whoever copies the data folder: not in production.
  if (config.NODE_ENV === 'production' && !['true', '1'].includes(config.ALLOW_DEV_PII_KEY ?? '')) {
    throw new StartupError(
      '生产环境（NODE_ENV=production）必须设置 PII_KEY（64 位十六进制，可用 npx tsx scripts/ops/rotate-pii-key.ts --generate 生成）。' +
        '确需在生产模式下使用数据库旁的开发密钥文件时，请显式设置 ALLOW_DEV_PII_KEY=true。服务未启动。',
    );
  }
  if (config.DB_PATH === ':memory:') return { current: randomBytes(32).toString('hex'), previous, source: 'ephemeral' };
  const path = devKeyPath(config.DB_PATH);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const current = readFileSync(path, 'utf8').trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(current)) throw new Error(`${path} does not hold a 64-hex-character key`);
  log.warn('PII_KEY is not set: personal data is encrypted with a development key file; set PII_KEY in production', {
    key_file: path,
  });
  return { current, previous, source: path };
}

/** Encrypted values to try at start-up: the newest few of each kind (petitioners, parties, sealed texts, vault). */
const SAMPLES: { sql: string; context: (r: Record<string, string>) => string }[] = [
  {
    sql: "SELECT petition_id, name AS v FROM petitioners WHERE name LIKE 'enc:%' ORDER BY rowid DESC LIMIT 3",
    context: (r) => `${r.petition_id}:name`,
  },
  {
    sql: "SELECT petition_id, phone AS v FROM petitioners WHERE phone LIKE 'enc:%' ORDER BY rowid DESC LIMIT 3",
    context: (r) => `${r.petition_id}:phone`,
  },
  {
    sql: "SELECT id AS petition_id, sealed AS v FROM petitions WHERE sealed LIKE 'enc:%' ORDER BY rowid DESC LIMIT 3",
    context: (r) => `${r.petition_id}:sealed`,
  },
  {
    // pii_vault is WITHOUT ROWID: ordered by its key (petition ids grow with time), it works on both databases.
    sql: 'SELECT petition_id, placeholder, value AS v FROM pii_vault ORDER BY petition_id DESC, placeholder DESC LIMIT 3',
    context: (r) => `${r.petition_id}:vault:${r.placeholder}`,
  },
];

/**
 * Stops start-up when the configured keys do not open the personal data already stored: a wrong or missing
 * PII_KEY would otherwise surface later as one failing petition after another, and repeats would go unseen.
 */
export function checkPiiKeysOpen(db: Db, cipher: PiiCipher, keys: PiiKeys): void {
  for (const sample of SAMPLES) {
    let rows: Record<string, string>[];
    try {
      rows = db.prepare(sample.sql).all() as Record<string, string>[];
    } catch {
      continue; // a table that this database does not have yet
    }
    for (const r of rows) {
      try {
        cipher.decrypt(r.v, sample.context(r));
      } catch (e) {
        if (!(e instanceof PiiKeyError)) throw e;
        const kid = /^enc:v1:([^:]+):/.exec(r.v)?.[1] ?? '?';
        const from = keys.source === 'config' ? 'PII_KEY' : `密钥文件 ${keys.source}`;
        throw new StartupError(
          `${from}（密钥编号 ${cipher.keyId}）打不开数据库中已加密的个人信息（写入时用的密钥编号 ${kid}）。` +
            '请设置写入这些数据时所用的 PII_KEY；轮换密钥期间把旧密钥放入 PII_KEY_PREVIOUS。服务未启动。',
        );
      }
    }
  }
}
