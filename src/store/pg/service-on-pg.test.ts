import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { migratePg } from './migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

/**
 * The whole service on PostgreSQL through the adapter (a first look at design step 4, which runs every suite on
 * both backends): start-up checks, registration with triage, clustering and the case file, then the lists.
 */
describe.skipIf(skip)('the service on PostgreSQL', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(() => t.drop());

  it('registers petitions and lists them, with the case file chained and verified', async () => {
    const app = await createTestApp({ config: { LOG_LEVEL: 'error' }, overrides: { db: t.db } });
    try {
      const reception = app.as('reception');
      const texts = [
        '鑫达建筑公司拖欠我们农民工工资三个月，多次讨要无果，请求帮助。',
        '村里道路年久失修，雨天无法通行。',
        '鑫达建筑公司拖欠工资，工人们生活困难，请求政府协调。',
      ];
      const ids: string[] = [];
      for (const text of texts) {
        const res = await reception.post('/v1/petitions', { text, channel: '书信', location: '城关镇' });
        expect(res.status, await res.clone().text()).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const list = (await (await app.get('/v1/petitions')).json()) as { total: number };
      expect(list.total).toBe(3);
      const found = (await (await app.get('/v1/petitions?q=拖欠')).json()) as { items: { id: string }[] };
      expect(found.items.map((p) => p.id).sort()).toEqual([ids[0], ids[2]].sort());
      expect((await app.get('/v1/alerts')).status).toBe(200);
      const health = (await (await app.get('/healthz')).json()) as { db: { writable: boolean } };
      expect(health.db.writable).toBe(true);
      const events = t.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
      expect(events).toBeGreaterThanOrEqual(3);
      const verify = (await (await app.get('/v1/audit/verify')).json()) as { ok: boolean };
      expect(verify, JSON.stringify(verify)).toMatchObject({ ok: true });
    } finally {
      app.deps.close();
    }
  });
});
