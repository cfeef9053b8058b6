import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { createLogger } from '../log.ts';
import { createPiiCipher, keyIdOf, PiiKeyError } from './pii-cipher.ts';
import { rewritePetitioners, rotatePiiKey } from './pii-rotate.ts';
import { openTestDb } from '../testing/test-db.ts';

const KEY_A = 'a'.repeat(64);
const KEY_B = randomBytes(32).toString('hex');
const PETITIONER = { name: '王建国', id_number: '11010519491231002X', phone: '13812345678' };

describe('PII cipher', () => {
  it('round-trips, names its key, and never repeats a ciphertext', () => {
    const c = createPiiCipher({ current: KEY_A });
    const x = c.encrypt('13812345678', 'XF1:phone');
    expect(x).toMatch(new RegExp(`^enc:v1:${keyIdOf(KEY_A)}:`));
    expect(c.encrypt('13812345678', 'XF1:phone')).not.toBe(x);
    expect(c.decrypt(x, 'XF1:phone')).toBe('13812345678');
    expect(c.encrypt(null, 'XF1:phone')).toBeNull();
  });

  it.each([
    ['moved to another petition', (x: string) => x, 'XF2:phone'],
    ['moved to another field', (x: string) => x, 'XF1:name'],
    ['altered', (x: string) => x.slice(0, -3) + (x.endsWith('AAA') ? 'BBB' : 'AAA'), 'XF1:phone'],
    ['plaintext', () => '13812345678', 'XF1:phone'],
  ])('refuses a value %s', (_n, change, ctx) => {
    const c = createPiiCipher({ current: KEY_A });
    expect(() => c.decrypt(change(c.encrypt('13812345678', 'XF1:phone')), ctx)).toThrow(PiiKeyError);
  });

  it('reads values of a previous key and says which need rewriting', () => {
    const old = createPiiCipher({ current: KEY_A });
    const x = old.encrypt('张三', 'XF1:name');
    const rotated = createPiiCipher({ current: KEY_B, previous: [KEY_A] });
    expect(rotated.decrypt(x, 'XF1:name')).toBe('张三');
    expect(rotated.needsRewrite(x)).toBe(true);
    expect(rotated.needsRewrite(rotated.encrypt('张三', 'XF1:name'))).toBe(false);
    expect(() => createPiiCipher({ current: KEY_B }).decrypt(x, 'XF1:name')).toThrow(/not configured/);
  });
});

describe('key rotation', () => {
  it('re-encrypts every petitioner with the new key and keeps repeat detection working', async () => {
    const db = openTestDb();
    const quiet = { log: createLogger('silent'), clock: createManualClock('2026-03-02T09:00:00+08:00'), db };
    const before = await createDeps(testConfig({ PII_KEY: KEY_A }), quiet);
    const first = before.cases.register(
      { text: '拖欠工资', channel: '走访', attachments: [], petitioner: PETITIONER },
      'test',
    );
    const second = before.cases.register(
      { text: '拖欠工资，再次反映，电话13900001111', channel: '走访', attachments: [], petitioner: PETITIONER },
      'test',
    );

    const r = rotatePiiKey(db, { current: KEY_B, previous: [KEY_A] });
    expect(r).toMatchObject({ rows: 2, rewritten: 3, keyId: keyIdOf(KEY_B) });
    const stored = JSON.stringify(db.prepare('SELECT * FROM petitioners').all());
    expect(stored + JSON.stringify(db.prepare('SELECT sealed FROM petitions').all())).not.toContain(
      `enc:v1:${keyIdOf(KEY_A)}`,
    );

    const after = await createDeps(testConfig({ PII_KEY: KEY_B }), quiet);
    expect(after.cases.reveal(first.id, ['phone', 'name'], 'test', 'admin').petitioner).toMatchObject({
      phone: '13812345678',
      name: '王建国',
    });
    expect(after.cases.reveal(second.id, ['text'], 'test', 'admin').text).toBe('拖欠工资，再次反映，电话13900001111');
    const keys = db.prepare('SELECT DISTINCT identity_key FROM petitioners').all();
    expect(keys).toHaveLength(1);
    expect(rotatePiiKey(db, { current: KEY_B, previous: [] })).toMatchObject({ rows: 2, rewritten: 0 });
  });

  it('encrypts plaintext rows left by an earlier version at start-up', async () => {
    const db = openTestDb();
    db.prepare(
      "INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES ('XF1', 't', '网络', '2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z')",
    ).run();
    db.prepare("INSERT INTO petitioners (petition_id, name, phone) VALUES ('XF1', '李四', '13900000000')").run();
    const c = createPiiCipher({ current: KEY_A });
    expect(rewritePetitioners(db, c, { only: 'plaintext' })).toEqual({ rows: 1, rewritten: 1 });
    expect(JSON.stringify(db.prepare('SELECT * FROM petitioners').all())).not.toContain('13900000000');
    expect(rewritePetitioners(db, c, { only: 'plaintext' })).toEqual({ rows: 1, rewritten: 0 });
  });
});
