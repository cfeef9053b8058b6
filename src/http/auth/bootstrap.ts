import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { newApiKey, type KeyStore } from './key-store.ts';

/** Where the generated first admin key is written when ADMIN_API_KEY is not set. */
export const generatedKeyPath = (dbPath: string) => join(dirname(dbPath), 'admin-key.txt');

/**
 * Makes sure an admin can get in: ADMIN_API_KEY is registered as an admin key; without it, when no active
 * admin key exists (first start), one is generated, written to a 0600 file beside the database and
 * announced in the log. The service never starts open.
 */
export function bootstrapAdminKey(keys: KeyStore, config: Config, log: Logger): void {
  if (config.ADMIN_API_KEY) {
    const r = keys.seed(config.ADMIN_API_KEY, 'admin (ADMIN_API_KEY)', 'admin');
    if (r === 'revoked') log.warn('ADMIN_API_KEY was revoked through the API and stays revoked; set a new one');
    return;
  }
  if (keys.hasActiveAdmin()) return;
  const key = newApiKey();
  keys.seed(key, 'admin (generated at first start)', 'admin');
  if (config.DB_PATH === ':memory:') {
    log.warn('no ADMIN_API_KEY: generated an admin key for this in-memory run', { admin_key: key });
    return;
  }
  const path = generatedKeyPath(config.DB_PATH);
  writeFileSync(path, key + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  log.warn(
    'no ADMIN_API_KEY and no admin key yet: generated one; read it, create personal keys with POST /v1/keys, then delete the file',
    { key_file: path },
  );
}
