import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import type { PetitionInput } from './petition-schema.ts';
import { sealLegacyPetitions, unsealPetitionText } from './sealed-text.ts';
import { openTestDb } from '../testing/test-db.ts';

describe('sealLegacyPetitions', () => {
  it('seals the numbers in a petition stored before sealing existed, once, and keeps the text readable', async () => {
    const deps = await createDeps(testConfig(), { db: openTestDb() });
    const p = deps.cases.register(
      { text: '路灯坏了两个月，请尽快维修。', channel: '网络', attachments: [] } as PetitionInput,
      'test',
    );
    const clear = '路灯坏了两个月，请尽快维修，联系电话13812345678。';
    // As an earlier version stored it: the phone in clear and never scanned (sealed NULL).
    deps.db.prepare('UPDATE petitions SET text = ?, sealed = NULL WHERE id = ?').run(clear, p.id);

    expect(sealLegacyPetitions(deps.db, deps.cipher)).toBe(1);
    const row = deps.db.prepare('SELECT id, text, title, sealed FROM petitions WHERE id = ?').get(p.id) as {
      id: string;
      text: string;
      title: string | null;
      sealed: string;
    };
    expect(row.text).not.toContain('13812345678');
    expect(unsealPetitionText(deps.cipher, row.id, row).text).toBe(clear);
    expect(sealLegacyPetitions(deps.db, deps.cipher)).toBe(0);
    deps.close();
  });
});
