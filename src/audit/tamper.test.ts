import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorFilePath, defaultAnchorDir } from '../store/anchor-file.ts';
import { openCaseFileKit, rawOpen, rewriteAndRehash } from './testing/case-file-kit.ts';
import type { VerifyResult } from './verify.ts';

// Red-team checks: each tampering is done to a real SQLite file behind the service's back, then the service
// reopens it and verify must answer ok:false with a reason in Chinese.

const LETTERS = [
  '某建筑公司拖欠农民工工资八万元，多次讨要无果，再不给钱就去跳楼，电话13912345678。',
  '小区物业违规收费，业主多次反映未果。',
  '村里征地补偿款至今未发放到户。',
];

async function withCaseFile() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-tamper-'));
  const kit = openCaseFileKit(dir);
  const ids: string[] = [];
  for (const t of LETTERS) {
    ids.push(kit.register(t).id);
    await kit.settle(); // each registration is its own request: its head is anchored before the next one
  }
  const head = kit.events.verify();
  expect(head).toMatchObject({ ok: true });
  kit.close();
  return { dir, dbPath: kit.dbPath, ids, events: head.events };
}

const reasons = (r: VerifyResult) => (r.ok ? '' : r.problems.map((p) => p.reason).join('\n'));

describe('tampering with the database file is found', () => {
  it('anchors the head outside the database at every commit', async () => {
    const { dbPath, events } = await withCaseFile();
    const lines = readFileSync(anchorFilePath(defaultAnchorDir(dbPath), dbPath), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ seq: events });
    // One anchor per registration (each its own transaction) plus the empty head at start-up.
    expect(lines.map((l) => l.seq)).toEqual([0, ...LETTERS.map((_, i) => (events / LETTERS.length) * (i + 1))]);
  });

  it('finds the newest events deleted (truncation)', async () => {
    const { dir, dbPath, events } = await withCaseFile();
    const raw = rawOpen(dbPath);
    raw.exec('DROP TRIGGER events_no_delete');
    raw.prepare('DELETE FROM events WHERE seq > ?').run(events - 2);
    raw.exec(
      `CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the case file is append-only'); END`,
    );
    raw.close();
    const kit = openCaseFileKit(dir);
    // The chain that is left is internally intact: only the anchor knows what is missing.
    const r = kit.events.verify();
    expect(r).toMatchObject({ ok: false, brokenAt: events - 1 });
    expect(reasons(r)).toMatch(
      new RegExp(`案卷被截断：锚点记录了第 ${events} 号事件.*数据库现只到第 ${events - 2} 号`),
    );
    expect(kit.events.verifyIncremental()).toMatchObject({ ok: false, reason: expect.stringMatching(/案卷被截断/) });
    kit.close();
  });

  it('finds an event edited and every later event re-hashed', async () => {
    const { dir, dbPath, ids } = await withCaseFile();
    // The first petition's triage said red; rewrite it to green and make the chain consistent again.
    expect(rawOpen(dbPath).prepare('SELECT risk_level FROM petitions WHERE id = ?').pluck().get(ids[0])).toBe('red');
    rewriteAndRehash(dbPath, 2, (p) => ((p.risk as { level: string }).level = 'green'));
    const kit = openCaseFileKit(dir);
    const r = kit.events.verify();
    expect(r.ok).toBe(false);
    expect(reasons(r)).toMatch(/哈希与锚点记录不符：它或它之前的记录被改写后重新计算了哈希/);
    expect(kit.events.verifyIncremental().ok).toBe(false);
    kit.close();
  });

  it("finds UPDATE petitions SET text=…, risk_level='green'", async () => {
    const { dir, dbPath, ids } = await withCaseFile();
    const raw = rawOpen(dbPath);
    raw.prepare("UPDATE petitions SET text = '已妥善解决，无诉求。', risk_level = 'green' WHERE id = ?").run(ids[0]);
    raw.close();
    const kit = openCaseFileKit(dir);
    const r = kit.events.verify();
    expect(r).toMatchObject({ ok: false, petitionId: ids[0] });
    expect(reasons(r)).toMatch(/正文与第 1 号登记事件记录的哈希不符/);
    expect(reasons(r)).toMatch(/风险等级是“green”，但案卷记录的是“red”/);
    // The page of that petition says so too, without a full recomputation.
    expect(kit.events.verifyIncremental(ids[0])).toMatchObject({ ok: false, mode: 'incremental', petitionId: ids[0] });
    expect(kit.events.verifyIncremental(ids[1])).toMatchObject({ ok: true, mode: 'incremental' });
    kit.close();
  });

  it('finds a sealed number edited in place (the ciphertext no longer authenticates)', async () => {
    const { dir, dbPath, ids } = await withCaseFile();
    const raw = rawOpen(dbPath);
    const sealed = raw.prepare('SELECT sealed FROM petitions WHERE id = ?').pluck().get(ids[0]) as string;
    expect(sealed).toMatch(/^enc:v1:/);
    raw.prepare('UPDATE petitions SET sealed = ? WHERE id = ?').run(sealed.slice(0, -4) + 'AAAA', ids[0]);
    raw.close();
    const kit = openCaseFileKit(dir);
    expect(reasons(kit.events.verify())).toMatch(/加密保存的号码无法解开/);
    kit.close();
  });

  it('finds a petition deleted, and one inserted without registration', async () => {
    const { dir, dbPath, ids } = await withCaseFile();
    const raw = rawOpen(dbPath);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM petitions WHERE id = ?').run(ids[2]);
    raw
      .prepare(
        "INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES ('XF-FAKE', '伪造', '网络', '2026-03-01', '2026-03-01', '2026-03-01')",
      )
      .run();
    raw.close();
    const kit = openCaseFileKit(dir);
    const text = reasons(kit.events.verify());
    expect(text).toMatch(new RegExp(`${ids[2]} 有登记记录.*已没有这件信访事项`));
    expect(text).toMatch(/XF-FAKE 在数据库中存在，但案卷里没有它的登记记录/);
    kit.close();
  });

  it('re-creates dropped guard triggers at start-up, records it in the case file, and reports them missing while they are', async () => {
    const { dir, dbPath } = await withCaseFile();
    const raw = rawOpen(dbPath);
    raw.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete');
    raw.close();
    const kit = openCaseFileKit(dir);
    expect(kit.restoredGuards).toEqual(['events_no_update', 'events_no_delete']);
    expect(kit.logs.join('\n')).toMatch(/guard triggers were missing/);
    expect(kit.db.prepare("SELECT payload FROM events WHERE type = 'guard_restored'").pluck().get()).toBe(
      '{"triggers":["events_no_update","events_no_delete"]}',
    );
    expect(() => kit.db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
    await kit.settle();
    expect(kit.events.verify().ok).toBe(true);
    // Dropped while the service runs: the next verification (full or page view) says so.
    kit.db.exec('DROP TRIGGER events_no_delete');
    expect(kit.events.verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/触发器 events_no_delete 缺失/),
    });
    expect(kit.events.verifyIncremental()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/触发器 events_no_delete 缺失/),
    });
    kit.close();
  });

  it('keeps saying so once the anchor file was deleted', async () => {
    const { dir, dbPath } = await withCaseFile();
    rmSync(anchorFilePath(defaultAnchorDir(dbPath), dbPath));
    const kit = openCaseFileKit(dir);
    expect(kit.logs.join('\n')).toMatch(/anchor file of the case file was missing/);
    expect(reasons(kit.events.verify())).toMatch(/锚点文件 .*被发现缺失并重建/);
    kit.close();
    const again = openCaseFileKit(dir);
    expect(again.events.verify().ok).toBe(false);
    again.close();
  });

  it('checks page views incrementally: from the last anchor on, plus the viewed petition in full', async () => {
    const { dir, dbPath, ids } = await withCaseFile();
    // An old event of the second petition edited without re-hashing: outside the tail and the viewed petition.
    const raw = rawOpen(dbPath);
    raw.exec('DROP TRIGGER events_no_update');
    raw.prepare("UPDATE events SET actor = '别人' WHERE petition_id = ? AND type = 'registered'").run(ids[1]);
    raw.exec(
      `CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the case file is append-only'); END`,
    );
    raw.close();
    const kit = openCaseFileKit(dir);
    // The page of the first petition does not recompute the second one's events (that is what makes it cheap) …
    expect(kit.events.verifyIncremental(ids[0])).toMatchObject({ ok: true, mode: 'incremental' });
    // … the second petition's page does, and so does the full check.
    expect(kit.events.verifyIncremental(ids[1])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/被改动：内容与其哈希不符/),
    });
    expect(kit.events.verify()).toMatchObject({ ok: false, mode: 'full' });
    kit.close();
  });
});
