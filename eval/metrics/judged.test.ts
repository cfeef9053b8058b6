import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTally, judgedMetrics, loadJudgements, tallyLetter } from './judged.ts';

function judgements(lines: object[]) {
  const dir = mkdtempSync(join(tmpdir(), 'judged-'));
  writeFileSync(join(dir, 'p01.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return loadJudgements(dir);
}

describe('judged metrics (issue 16)', () => {
  const j = judgements([
    {
      letter_id: 'a',
      law: '中华人民共和国劳动合同法',
      article: '第三十条',
      score: 2,
      needs_statute: true,
      judge: 'j1',
    },
    { letter_id: 'a', law: '劳动法', article: '第五十条', score: 1, needs_statute: true, judge: 'j1' },
    { letter_id: 'a', law: '中华人民共和国刑法', article: '第一条', score: 0, needs_statute: true, judge: 'j1' },
    { letter_id: 'a', law: '保障农民工工资支付条例', article: '第三条', suggested: true, judge: 'j1' },
    { letter_id: 'b', law: '中华人民共和国民法典', article: '第一条', score: 0, needs_statute: false, judge: 'j1' },
  ]);

  it('scores precision, top-1, drafts and abstention; counts unjudged items as not relevant and reports them', () => {
    const t = emptyTally();
    tallyLetter(t, j.get('a'), {
      ranked: [
        { law: '劳动合同法', article: '第三十条' },
        { law: '刑法', article: '第一条' },
        { law: '公司法', article: '第一条' },
      ],
      abstained: false,
      draft: [
        { law: '劳动合同法', article: '第三十条' },
        { law: '刑法', article: '第一条' },
      ],
    });
    tallyLetter(t, j.get('b'), { ranked: [], abstained: true, draft: [] });
    const m = judgedMetrics(t);
    expect(m['p@1']).toBe(1);
    expect(m['p@3']).toBeCloseTo(1 / 3);
    expect(m.unjudged_ranked_items).toBe(1);
    expect(m.draft_precision).toBe(0.5);
    expect(m.draft_share_0).toBe(0.5);
    expect(m.abstain_accuracy).toBe(1);
    expect(m.no_statute_drafts_citing_none).toBe(1);
    expect(m.statute_drafts_with_correct).toBe(1);
    expect(m['ndcg@5']).toBeGreaterThan(0);
    expect(m['ndcg@5']).toBeLessThan(1);
  });

  it('counts an answer on a letter that needs no statute as a wrong abstention decision', () => {
    const t = emptyTally();
    tallyLetter(t, j.get('b'), {
      ranked: [{ law: '民法典', article: '第一条' }],
      abstained: false,
      draft: [{ law: '民法典', article: '第一条' }],
    });
    const m = judgedMetrics(t);
    expect(m.abstain_accuracy).toBe(0);
    expect(m.no_statute_drafts_citing_none).toBe(0);
    expect(m.draft_share_0).toBe(1);
  });
});
