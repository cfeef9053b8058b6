import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { sqliteOnly } from '../../testing/test-db.ts';

const PETITIONER = {
  name: '王建国',
  id_number: '11010519491231002X',
  phone: '13812345678',
  address: '某省某县某镇幸福村三组',
};
const BODY = {
  text: `某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。我的身份证号${PETITIONER.id_number}，电话${PETITIONER.phone}，银行卡6222021234567890123。`,
  title: `讨薪（联系电话 ${PETITIONER.phone}）`,
  channel: '走访',
  petitioner: PETITIONER,
};

async function registered(t: Awaited<ReturnType<typeof createTestApp>>) {
  const res = await t.as('reception').post('/v1/petitions', BODY);
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

const piiReads = (t: Awaited<ReturnType<typeof createTestApp>>, id: string) =>
  t.deps.events.forPetition(id).filter((e) => e.type === 'pii_read');

describe('personal data', () => {
  it('shows the petitioner masked by default and unmasked on request, recording who read which fields', async () => {
    const t = await createTestApp();
    const id = await registered(t);
    const clerk = t.as('reception', '窗口 张');
    expect((await (await clerk.get(`/v1/petitions/${id}`)).json()).petitioner).toMatchObject({
      phone: '138****5678',
      masked: true,
    });
    expect(piiReads(t, id)).toEqual([]);

    const res = await clerk.get(`/v1/petitions/${id}?reveal=phone,id_number`);
    expect(res.status).toBe(200);
    expect((await res.json()).petitioner).toMatchObject({
      phone: '13812345678',
      id_number: '11010519491231002X',
      name: '王**',
      masked: true,
    });
    expect(piiReads(t, id)).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^窗口 张 \[reception key_/),
        payload: { fields: ['phone', 'id_number'], role: 'reception' },
      }),
    ]);
    expect(t.deps.events.verify()).toMatchObject({ ok: true });
  });

  it.each([
    ['evaluator', 'phone', 'green'],
    ['dispatch', 'phone', 'green'],
    ['dispatch', 'name', 'red'],
    ['dispatch', 'all', 'red'],
  ] as const)('refuses %s seeing %s of a %s petition (403, nothing recorded)', async (role, reveal, risk) => {
    const t = await createTestApp();
    const id = await registered(t);
    t.deps.db.prepare('UPDATE petitions SET risk_level = ? WHERE id = ?').run(risk, id);
    const res = await t.as(role).get(`/v1/petitions/${id}?reveal=${reveal}`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).not.toContain('13812345678');
    expect(piiReads(t, id)).toEqual([]);
  });

  it('lets dispatch see the phone number of a red-alert petition only', async () => {
    const t = await createTestApp();
    const id = await registered(t);
    t.deps.db.prepare("UPDATE petitions SET risk_level = 'red' WHERE id = ?").run(id);
    const res = await t.as('dispatch', '分流 李').get(`/v1/petitions/${id}?reveal=phone`);
    expect(res.status).toBe(200);
    expect((await res.json()).petitioner).toMatchObject({
      phone: '13812345678',
      name: '王**',
      id_number: '110***********002X',
    });
    expect(piiReads(t, id)).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^分流 李 \[dispatch key_/),
        payload: { fields: ['phone'], role: 'dispatch' },
      }),
    ]);
  });

  it('seals ID, phone and card numbers written in the text and title, and reveals them to reception on request', async () => {
    const t = await createTestApp();
    const id = await registered(t);
    const masked = await (await t.as('dispatch').get(`/v1/petitions/${id}`)).json();
    expect(masked.text).toContain('我的身份证号[身份证号1]，电话[手机号1]，银行卡[银行卡号1]。');
    expect(masked.title).toBe('讨薪（联系电话 [手机号1]）');
    expect(JSON.stringify(masked)).not.toMatch(/13812345678|11010519491231002X|6222021234567890123/);
    expect((await t.as('dispatch').get(`/v1/petitions/${id}?reveal=text`)).status).toBe(403);

    const open = await (await t.as('reception', '窗口 张').get(`/v1/petitions/${id}?reveal=text`)).json();
    expect(open.text).toBe(BODY.text);
    expect(open.title).toBe(BODY.title);
    expect(open.petitioner).toMatchObject({ phone: '138****5678' });
    expect(piiReads(t, id)).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^窗口 张 \[reception key_/),
        payload: { fields: ['text'], role: 'reception' },
      }),
    ]);
    const registeredEvent = t.deps.events.forPetition(id)[0];
    expect(JSON.stringify(registeredEvent)).not.toContain(PETITIONER.phone);
  });

  it('answers 400 for an unknown field to reveal', async () => {
    const t = await createTestApp();
    const id = await registered(t);
    expect((await t.get(`/v1/petitions/${id}?reveal=password`)).status).toBe(400);
  });

  it.skipIf(sqliteOnly('reads the bytes of the SQLite database files'))(
    'leaves no ID number, phone number or name in plain text in the database files',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xf-pii-'));
      const t = await createTestApp({ config: { DB_PATH: join(dir, 'xinfang.db') } });
      for (let i = 0; i < 20; i++) await registered(t);
      const id = await registered(t);
      await t.get(`/v1/petitions/${id}?reveal=all`);
      const files = readdirSync(dir).filter((f) => f.startsWith('xinfang.db'));
      expect(files).toEqual(expect.arrayContaining(['xinfang.db', 'xinfang.db-wal']));
      const probes = [
        PETITIONER.id_number,
        PETITIONER.phone,
        PETITIONER.name,
        PETITIONER.address,
        '6222021234567890123',
      ].flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
      for (const f of files) {
        const bytes = readFileSync(join(dir, f));
        for (const p of probes) expect(bytes.includes(p), `${f} contains ${p.toString()}`).toBe(false);
      }
      // Sanity: the scan does find what is stored in clear, e.g. the petition text.
      expect(Buffer.concat(files.map((f) => readFileSync(join(dir, f)))).includes(Buffer.from('农民工工资'))).toBe(
        true,
      );
      t.deps.close();
    },
  );
});
