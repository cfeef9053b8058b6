import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { createLogger } from '../log.ts';
import { PetitionInputSchema } from '../cases/petition-schema.ts';
import { openDb, type Db } from './db.ts';
import { CIPHER_PREFIX, createPiiCipher, keyIdOf } from './pii-cipher.ts';
import { refreshPetitionerLookup } from './petitioner-lookup.ts';
import { identityHmac, rotatePiiKey, SEALED_TABLES } from './pii-rotate.ts';

const OLD = randomBytes(32).toString('hex');
const NEW = randomBytes(32).toString('hex');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-rotate-'));
  dirs.push(dir);
  return join(dir, 'xinfang.db');
};

/** Every ciphertext in the database, whatever table or column holds it (a new sealed column included). */
function ciphertexts(db: Db): { table: string; column: string; value: string }[] {
  const out: { table: string; column: string; value: string }[] = [];
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && value.includes(CIPHER_PREFIX)) out.push({ table, column, value });
      }
    }
  }
  return out;
}

/** Petitions with a first petitioner, co-petitioners, representatives and numbers in the text, under the old key. */
async function seed(db: Db) {
  const quiet = { log: createLogger('silent'), clock: createManualClock('2026-03-02T09:00:00+08:00'), db };
  const before = await createDeps(testConfig({ PII_KEY: OLD }), quiet);
  const register = (input: object) =>
    before.cases.register(PetitionInputSchema.parse({ channel: '走访', attachments: [], ...input }), 'test');
  const group = register({
    text: '某建筑公司拖欠我们工资八万元，联系电话13900001111。',
    petitioner: { name: '王建国', id_number: '11010519491231002X', phone: '13812345678', address: '涟水县高沟镇' },
    co_petitioners: [
      { name: '李四', phone: '13700000001' },
      { name: '张五', id_number: '110105198001011234' },
    ],
    representatives: [{ name: '赵六', phone: '13600000002', address: '涟水县陈师村' }],
  });
  const alone = register({ text: '小区路灯坏了。', petitioner: { name: '钱七', phone: '13500000003' } });
  refreshPetitionerLookup(db, before.cipher, before.identityKey);
  return { quiet, group, alone };
}

describe('PII key rotation', () => {
  it('rotates every sealed column: afterwards the old key opens nothing and the new key opens everything', async () => {
    const db = openDb(tempDb());
    const { quiet, group } = await seed(db);
    const sealedBefore = ciphertexts(db);
    expect(new Set(sealedBefore.map((c) => c.table))).toEqual(
      new Set([
        'petitions',
        'petitioners',
        'petition_parties',
        ...(sealedBefore.some((c) => c.table === 'pii_vault') ? ['pii_vault'] : []),
      ]),
    );

    const r = rotatePiiKey(db, { current: NEW, previous: [OLD] });
    expect(r.keyId).toBe(keyIdOf(NEW));
    expect(r.tables.petition_parties).toEqual({ rows: 3, rewritten: 3 });
    expect(r.tables.petitioners).toEqual({ rows: 2, rewritten: 2 });
    expect(r.tables.petitions).toMatchObject({ rewritten: 1 });

    // Every ciphertext anywhere is under the new key; a cipher holding only the old key opens none of them.
    const after = ciphertexts(db);
    expect(after).toHaveLength(sealedBefore.length);
    expect(after.filter((c) => !c.value.startsWith(`${CIPHER_PREFIX}${keyIdOf(NEW)}:`))).toEqual([]);
    const oldOnly = createPiiCipher({ current: OLD });
    const newOnly = createPiiCipher({ current: NEW });
    let opened = 0;
    for (const t of SEALED_TABLES) {
      const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t.table);
      if (!present) continue;
      for (const row of db.prepare(`SELECT * FROM ${t.table}`).all() as Record<string, string | number | null>[]) {
        for (const c of t.columns) {
          const v = row[c] as string | null;
          if (!v) continue;
          expect(() => oldOnly.decrypt(v, t.context(row, c)), `${t.table}.${c}`).toThrow(/not configured/);
          expect(newOnly.decrypt(v, t.context(row, c))).toBeTruthy();
          opened++;
        }
      }
    }
    expect(opened).toBe(after.length);

    // The service started with the new key alone reads every person and the sealed text.
    const next = await createDeps(testConfig({ PII_KEY: NEW }), quiet);
    const shown = next.cases.reveal(group.id, ['name', 'phone', 'id_number', 'address', 'text'], 'test', 'admin');
    expect(shown.petitioner).toMatchObject({ name: '王建国', phone: '13812345678', id_number: '11010519491231002X' });
    expect(shown.text).toContain('13900001111');
    expect(shown.parties!.co_petitioners.map((p: { name: string | null }) => p.name)).toEqual(['李四', '张五']);
    expect(shown.parties!.representatives[0]).toMatchObject({
      name: '赵六',
      phone: '13600000002',
      address: '涟水县陈师村',
    });

    // Identity hashes follow the key: a co-petitioner seen again is still a repeat, and lookups are rebuilt.
    const hmac = identityHmac(NEW);
    const parties = db
      .prepare('SELECT identity_key FROM petition_parties WHERE petition_id = ? ORDER BY seq')
      .pluck()
      .all(group.id);
    expect(parties).toEqual([hmac('13700000001'), hmac('110105198001011234'), hmac('13600000002')]);
    expect(db.prepare('SELECT COUNT(*) FROM petitioner_lookup').pluck().get()).toBe(0);
    refreshPetitionerLookup(db, next.cipher, next.identityKey);
    expect(
      db.prepare('SELECT petition_id FROM petitioner_lookup WHERE lookup_key = ?').pluck().all(hmac('13812345678')),
    ).toEqual([group.id]);
    const again = next.cases.register(
      PetitionInputSchema.parse({
        text: '工资还是没拿到，再次反映。',
        channel: '走访',
        attachments: [],
        petitioner: { phone: '13700000001' },
      }),
      'test',
    );
    expect(next.cases.view(again.id).triage.risk.signals.map((s: { code: string }) => s.code)).toContain('repeat');

    // A second run finds nothing left to do.
    expect(rotatePiiKey(db, { current: NEW, previous: [] }).rewritten).toBe(0);
    db.close();
  });

  it('scripts/ops/rotate-pii-key.ts rotates a database file and reports each table', { timeout: 60_000 }, async () => {
    const path = tempDb();
    const db = openDb(path);
    await seed(db);
    db.close();
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/ops/rotate-pii-key.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { ...process.env, PII_KEY: NEW, PII_KEY_PREVIOUS: OLD, DB_PATH: path, LOG_LEVEL: 'silent' },
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report).toMatchObject({
      key_id: keyIdOf(NEW),
      tables: { petitioners: { rewritten: 2 }, petition_parties: { rewritten: 3 } },
    });
    const reopened = openDb(path);
    expect(ciphertexts(reopened).filter((c) => !c.value.startsWith(`${CIPHER_PREFIX}${keyIdOf(NEW)}:`))).toEqual([]);
    reopened.close();
  });
});
