import { describe, expect, it } from 'vitest';
import type { PetitionInput } from './petition-schema.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { createNoteSealer } from './sealed-notes.ts';
import { sealLegacyNotes } from './seal-legacy-notes.ts';
import { openTestDb } from '../testing/test-db.ts';

describe('sealLegacyNotes', () => {
  it('seals draft replies and comments an earlier version stored in clear, once, and keeps them readable', async () => {
    const deps = await createDeps(testConfig(), { db: openTestDb() });
    const p = deps.cases.register(
      {
        text: '小区门口路灯坏了两个月，请尽快维修。',
        channel: '网络',
        attachments: [],
        petitioner: { name: '王建国', phone: '13812345678' },
      } as PetitionInput,
      'test',
    );
    const clear = '王建国：\n您反映的路灯问题已收悉，如有疑问请拨打13812345678联系。';
    // As an earlier version wrote them: the name and phone in clear.
    deps.db
      .prepare(
        "INSERT INTO drafts (id, petition_id, version, kind, reply, provider, created_by, created_at) VALUES ('d1', ?, 1, 'opinion', ?, 'offline', 'test', '2026-03-02')",
      )
      .run(p.id, clear);
    deps.db
      .prepare(
        "INSERT INTO follow_ups (petition_id, satisfaction, comment, actor, created_at) VALUES (?, '满意', '王建国表示满意', 'test', '2026-03-02')",
      )
      .run(p.id);

    const first = sealLegacyNotes(deps.db, deps.cipher);
    expect(first).toMatchObject({ 'drafts.reply': 1, 'follow_ups.comment': 1 });
    const reply = deps.db.prepare("SELECT reply FROM drafts WHERE id = 'd1'").pluck().get() as string;
    expect(reply).not.toMatch(/王建国|13812345678/);
    expect(deps.db.prepare('SELECT comment FROM follow_ups').pluck().get()).toBe('[姓名1]表示满意');
    expect(createNoteSealer(deps.db, deps.cipher).unseal(p.id, reply).text).toBe(clear);
    expect(Object.values(sealLegacyNotes(deps.db, deps.cipher)).every((n) => n === 0)).toBe(true);
    deps.close();
  });
});
