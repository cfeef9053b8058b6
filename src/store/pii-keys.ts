import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

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
  if (config.DB_PATH === ':memory:') return { current: randomBytes(32).toString('hex'), previous, source: 'ephemeral' };
  const path = devKeyPath(config.DB_PATH);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const current = readFileSync(path, 'utf8').trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(current)) throw new Error(`${path} does not hold a 64-hex-character key`);
  log.warn('PII_KEY is not set: personal data is encrypted with a development key file; set PII_KEY in production', { key_file: path });
  return { current, previous, source: path };
}
