import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { SUPERSEDED_NOTE } from './documents.ts';
import { createDrafter } from './drafter.ts';
import { missingElements } from './structure.ts';
import { emotionOf, hitFor, PROMPTS_DIR, ROUTES, shippedCorpus } from './testing/inputs.ts';

const corpus = shippedCorpus();
const drafter = createDrafter({ corpus, promptsDir: PROMPTS_DIR, clock: createManualClock('2026-12-05T02:00:00Z') });
const TEXT = '楼上邻居每天深夜敲打地板、大声播放音乐，多次沟通无果，影响全家休息，请求处理。';

// The corpus holds the 2012 text of 治安管理处罚法; the 2025 revision (in force 2026-01-01) renumbered it.
describe('an article of a superseded text is quoted with a note that blocks approval until staff check it', () => {
  const draft = (law: string, article: number) =>
    drafter.draft({
      text: TEXT,
      clauses: [hitFor(corpus, law, article)],
      route: ROUTES.investigation,
      emotion: emotionOf('neutral', 0.5),
      decision: 'accepted',
      kind: 'opinion',
      findings: '经查，反映的噪声情况属实，社区民警已上门调解。',
      outcome: '解释说明',
    });

  it('marks the quote from 治安管理处罚法 (manifest status 已被修订) and leaves the placeholder for staff', async () => {
    const d = await draft('中华人民共和国治安管理处罚法', 58);
    expect(d.reply).toContain(`第五十八条规定：“`);
    expect(d.reply).toContain(SUPERSEDED_NOTE);
    expect(missingElements(d.reply, 'opinion')).toEqual(['placeholder']);
    expect(d.citations).toContainEqual({ law: '中华人民共和国治安管理处罚法', article: '第五十八条' });
  });

  it('quotes a law in force without the note', async () => {
    const d = await draft('中华人民共和国噪声污染防治法', 65);
    expect(d.reply).not.toContain(SUPERSEDED_NOTE);
    expect(missingElements(d.reply, 'opinion')).toEqual([]);
  });
});
