import { describe, expect, it } from 'vitest';
import { alertFixture } from './testing/alert-fixture.ts';
import { createRepeatFinder } from './repeats.ts';

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
