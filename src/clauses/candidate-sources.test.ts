import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { candidates, featureNames } from './citation-model.ts';
import type { MatterFirstResult } from './matter-first.ts';
import { learnEvidence } from './matter-evidence.ts';
import { createTokenizer } from './tokenize.ts';

const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
const tokenizer = createTokenizer();
const evidence = learnEvidence(
  [
    { matter: 'noise', kind: 'complaint', proposed: [], cited: ['噪声污染防治法#第六十一条'] },
    { matter: 'wage', kind: 'complaint', proposed: [], cited: ['劳动合同法#第三十条'] },
  ],
  { shrink: 2, draftThreshold: 0.6, maxDraft: 1 },
);
const model = { globalRate: 0.3, articles: {}, matters: {}, needsRate: 0.5 };
const unrecognised: MatterFirstResult = { kind: 'complaint', clauses: [], ranked: [], abstained: true };

describe('candidate sources beyond the matter (issue 16)', () => {
  it('without sources, a letter of no matter has no candidate', () => {
    expect(candidates(unrecognised, evidence, model, corpus)).toEqual([]);
  });

  it('search proposes judged articles whose statute text matches the letter, with the source features', () => {
    const text = '用人单位拖欠劳动报酬，要求及时足额支付';
    const c = candidates(unrecognised, evidence, model, corpus, { sources: { search: 3 }, text, tokenizer });
    expect(c.map((x) => x.key)).toContain('劳动合同法#第三十条');
    const names = featureNames({ search: 3 });
    const wage = c.find((x) => x.key === '劳动合同法#第三十条')!;
    expect(wage.features[names.indexOf('searched')]).toBe(1);
    expect(wage.features[names.indexOf('noMatter')]).toBe(1);
  });

  it('others adds the judged articles of a further recognised matter', () => {
    const r: MatterFirstResult = {
      ...unrecognised,
      matter: { id: 'noise', label: '噪声扰民', department: 'x', needsStatute: true, routes: ['duty'], cues: [] },
      others: ['wage'],
    };
    const keys = candidates(r, evidence, model, corpus, { sources: { others: true } }).map((x) => x.key);
    expect(keys).toEqual(['噪声污染防治法#第六十一条', '劳动合同法#第三十条']);
  });
});
