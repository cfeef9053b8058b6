import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';
import { sqliteOnly } from '../testing/test-db.ts';
import { rawOpen } from './testing/case-file-kit.ts';

/** The app on a SQLite file (to edit it behind the service's back) or, without `onFile`, on the test database. */
async function registeredApp(onFile: boolean) {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'xf-verify-')), 'xinfang.db');
  const t = await createTestApp({ config: { ...(onFile ? { DB_PATH: dbPath } : {}), PII_KEY: 'ef'.repeat(32) } });
  const res = await t.post('/v1/petitions', {
    text: '某建筑公司拖欠农民工工资八万元，多次讨要无果。',
    channel: '书信',
  });
  expect(res.status).toBe(201);
  return { t, dbPath, id: (await res.json()).id as string };
}

describe('GET /v1/audit/verify and the petition page', () => {
  it.skipIf(sqliteOnly('corrupts an events row in the SQLite file behind the service'))(
    'answers 200 ok:false (not 500) when a row of the events table is corrupt, and the page shows why',
    async () => {
      const { t, dbPath, id } = await registeredApp(true);
      expect(await (await t.get('/v1/audit/verify')).json()).toMatchObject({ ok: true, mode: 'full' });
      const raw = rawOpen(dbPath);
      raw.exec('DROP TRIGGER events_no_update');
      raw.prepare("UPDATE events SET payload = X'00ff' WHERE petition_id = ? AND type = 'registered'").run(id);
      raw.close();
      const res = await t.get('/v1/audit/verify');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: false, reason: expect.stringMatching(/无法解析|被改动/) });
      const page = await t.get(`/petitions/${id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/哈希链校验失败：.*(无法解析|被改动)/);
      t.deps.close();
    },
  );

  it('checks a head held elsewhere (?seq=&hash=), and names a half-given one with 400', async () => {
    const { t } = await registeredApp(false);
    const ok = await (await t.get('/v1/audit/verify')).json();
    expect(await (await t.get(`/v1/audit/verify?seq=${ok.events}&hash=${ok.head}`)).json()).toMatchObject({ ok: true });
    const later = await (await t.get(`/v1/audit/verify?seq=${ok.events + 5}&hash=${'a'.repeat(64)}`)).json();
    expect(later).toMatchObject({ ok: false, reason: expect.stringMatching(/案卷被截断/) });
    const half = await t.get(`/v1/audit/verify?seq=3`);
    expect(half.status).toBe(400);
    expect(JSON.stringify(await half.json())).toMatch(/seq 与 hash 须同时给出/);
    t.deps.close();
  });
});
