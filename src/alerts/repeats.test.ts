import { describe, expect, it } from 'vitest';
import { REPEAT_COUNT_CAP, REPEAT_WINDOW_DAYS } from '../cases/case-service.ts';
import { openTestDb } from '../testing/test-db.ts';
import { alertFixture } from './testing/alert-fixture.ts';
import { insertRows } from './testing/load-db.ts';
import type { LoadRow } from './testing/synthetic-load.ts';
import { bigrams, jaccardAtLeast } from './matter.ts';
import { createRepeatFinder, exactNearDuplicates, NEAR_DUPLICATE } from './repeats.ts';
import { simpleTriage } from './testing/simple-triage.ts';

const LETTER = '我家承包的十二亩耕地被村里收回，至今没有任何补偿，多次找镇政府无人处理，请求依法解决。';

describe('near-duplicate repeats', () => {
  it('finds the same letter sent again within the window, and nothing else', async () => {
    const f = await alertFixture();
    const first = f.register(LETTER, { received_at: '2026-01-10T09:00:00+08:00' });
    f.register('小区门口路灯坏了两个月，晚上出行不便，请尽快维修。', { received_at: '2026-02-01T09:00:00+08:00' });
    const again = f.register(LETTER.replace('多次', '三次'), { received_at: '2026-03-01T09:00:00+08:00' });
    const finder = createRepeatFinder(f.deps.db);
    const view = f.deps.cases.view(again.id);
    const at = { id: again.id, text: view.text, receivedAt: view.received_at };
    expect(finder.nearDuplicates(at, 90)).toEqual([first.id]);
    expect(finder.nearDuplicates(at, 30)).toEqual([]); // the first letter is 50 days earlier
  });
});

describe('near-duplicate repeats as the petitioners wrote them (issue 24)', () => {
  it('finds a letter sent again when the sealer found its telephone number in one sending only', async () => {
    const counts: (number | undefined)[] = [];
    const f = await alertFixture('2026-03-02T09:00:00+08:00', (text, _title, ctx) => {
      counts.push(ctx.repeatCount);
      return simpleTriage(text);
    });
    const letter = '村里修路占了我家三分地，至今没有补偿，村委会一直推脱，办公电话87654321也打不通。';
    const first = f.register(letter, { received_at: '2026-02-01T09:00:00+08:00' });
    // One character of the cue changed: the number is no longer recognised as a telephone number, so it stays.
    const again = f.register(letter.replace('电话', '电华'), { received_at: '2026-02-20T09:00:00+08:00' });
    // The premise: stored, the two differ beyond the rule; as written they are the same letter.
    const stored = [first, again].map((p) => bigrams(f.deps.cases.view(p.id).text));
    expect(jaccardAtLeast(stored[0], stored[1], NEAR_DUPLICATE)).toBe(0);
    expect(jaccardAtLeast(bigrams(letter), bigrams(letter.replace('电话', '电华')), NEAR_DUPLICATE)).toBeGreaterThan(0);
    expect(counts).toEqual([undefined, 1]);
  });
});

describe('near-duplicate repeats beyond the count cap (issue 24)', () => {
  // About 100 characters: one changed character keeps J ≈ 0.96, four keep J ≈ 0.85 (both above NEAR_DUPLICATE).
  const BASE =
    '我叫王某某，住在城东区幸福路十八号院，去年三月单位以改制为由把我辞退，至今拖欠工资和经济补偿金共计四万六千元，' +
    '我先后到人社局劳动监察大队和区信访办反映了五次，每次都说回去等通知，可是半年过去没有任何答复，恳请领导督促依法处理。';
  const POOL = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
  const change = (text: string, at: number[], chars: string[]) => {
    const cs = [...text];
    at.forEach((p, j) => (cs[p] = chars[j]));
    return cs.join('');
  };

  it('keeps the almost identical earlier letter when more than the cap of other near-duplicates are newer', () => {
    const db = openTestDb();
    const insert = insertRows(db);
    const t0 = Date.parse('2026-01-05T01:00:00.000Z');
    const row = (id: string, text: string, minutes: number): LoadRow => ({
      id,
      title: null,
      text,
      receivedAt: new Date(t0 + minutes * 60_000).toISOString(),
      plant: null,
    });
    // The source differs from the new letter by one character and is the oldest of the window.
    const source = row('SRC', change(BASE, [30], ['某']), 0);
    const others = Array.from({ length: REPEAT_COUNT_CAP + 10 }, (_, i) => {
      const a = 2 + (i % 15);
      const at = [a, a + 25, a + 50, a + 75];
      const chars = at.map((_, j) => POOL[(i + j) % POOL.length]);
      return row(`DUP-${i}`, change(BASE, at, chars), 60 * (i + 1));
    });
    for (const r of [source, ...others]) insert(r);
    const finder = createRepeatFinder(db); // indexes the stored rows
    const letter = row('NEW', BASE, 60 * 24 * 10);
    insert(letter);
    const p = { id: letter.id, text: letter.text, receivedAt: letter.receivedAt };

    // The premise: every one of them is a near-duplicate, none the same text, more than the cap in all.
    const exact = exactNearDuplicates(db, p, REPEAT_WINDOW_DAYS);
    expect(exact).toHaveLength(others.length + 1);
    expect(new Set([source, ...others].map((r) => r.text)).size).toBe(others.length + 1);

    const found = finder.nearDuplicates(p, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP);
    expect(found).toHaveLength(REPEAT_COUNT_CAP);
    expect(found).toContain(source.id);
    expect(found[0]).toBe(source.id); // the closest first, although it is the oldest
  });
});
