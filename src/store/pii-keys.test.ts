import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../errors.ts';
import { openTestDb } from '../testing/test-db.ts';
import { createPiiCipher } from './pii-cipher.ts';
import { checkPiiKeysOpen } from './pii-keys.ts';
import { createPiiVault } from './pii-vault.ts';

const key = () => randomBytes(32).toString('hex');

/** A database whose only personal data is one vault value (a name written into a note), sealed with `k`. */
function vaultOnly(k: string) {
  const db = openTestDb();
  // The petition row the vault value hangs on, with no personal data of its own (no petitioner, plain text).
  db.prepare(
    "INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES ('XF-1', '路灯坏了', '网络', '2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z')",
  ).run();
  createPiiVault(db, createPiiCipher({ current: k })).add('XF-1', '[姓名1]', '王建国');
  return db;
}

describe('checkPiiKeysOpen', () => {
  it('tries the vault too: a key that cannot open a vault value stops start-up', () => {
    const right = key();
    const db = vaultOnly(right);
    const wrong = key();
    expect(() =>
      checkPiiKeysOpen(db, createPiiCipher({ current: wrong }), { current: wrong, previous: [], source: 'config' }),
    ).toThrow(StartupError);
    expect(() =>
      checkPiiKeysOpen(db, createPiiCipher({ current: right }), { current: right, previous: [], source: 'config' }),
    ).not.toThrow();
  });
});
