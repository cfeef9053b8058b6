import { describe, expect, it } from 'vitest';
import {
  AFFINITY_FEATURES,
  LAW_FEATURES,
  PROFILED_FEATURE,
  addLawFeatures,
  affinity,
  loadLawProfiles,
  loadProfiles,
  profileOf,
  profilesOf,
  shipProfiles,
  termCounts,
  vectorOf,
} from './affinity.ts';
import { RERANK_FEATURES, featureNames, withCitationModel, type CitationModel } from './citation-model.ts';
import { loadCorpus } from './corpus.ts';
import type { MatterFirstResult } from './matter-first.ts';
import { articleKey, learnEvidence } from './matter-evidence.ts';

const CORPUS = new URL('../../corpus', import.meta.url).pathname;
const corpus = loadCorpus(CORPUS);
const NOISE = '噪声污染防治法#第六十一条';
const WAGES = '劳动合同法#第三十条';

// Made-up token weights, not letters: noise letters say 噪音 and 夜间, wage letters 拖欠 and 工资.
const idf = new Map([
  ['噪音', 2],
  ['夜间', 1.5],
  ['拖欠', 2],
  ['工资', 1.2],
]);
const profiles = profilesOf(
  idf,
  new Map([
    [
      NOISE,
      profileOf(
        new Map([
          ['噪音', 0.7],
          ['夜间', 0.5],
        ]),
        4,
      ),
    ],
    [
      WAGES,
      profileOf(
        new Map([
          ['拖欠', 0.6],
          ['工资', 0.6],
        ]),
        3,
      ),
    ],
  ]),
  new Map([[WAGES, profileOf(new Map([['噪音', 0.3]]), 3)]]),
);

describe('shipped affinity profiles', () => {
  it('score as the fitted ones after the round trip through citation-model.json', () => {
    const back = loadProfiles(JSON.parse(JSON.stringify(shipProfiles(profiles, 5))));
    const v = vectorOf(termCounts(['噪音', '夜间', '噪音', '工资']), idf);
    for (const key of [NOISE, WAGES, '民法典#第一条'])
      affinity(back, v, key).forEach((x, i) => expect(x).toBeCloseTo(affinity(profiles, v, key)[i], 6));
  });
});

describe('citation model with affinity', () => {
  const names = featureNames(undefined, { propose: 1 });
  const model: CitationModel = {
    about: 'test',
    letters: 1,
    globalRate: 0.3,
    articles: {},
    matters: {},
    needsRate: 0.5,
    // Only a candidate the profiles proposed, and close to the letter, clears the threshold.
    reranker: {
      features: names,
      mean: names.map(() => 0),
      scale: names.map(() => 1),
      weights: names.map((f) => (f === PROFILED_FEATURE ? 4 : f === 'affPos' ? 4 : 0)),
      bias: -5,
    },
    draftThreshold: 0.6,
    maxDraft: 1,
    affinity: shipProfiles(profiles, 1),
  };
  const evidence = learnEvidence([], { shrink: 2, draftThreshold: 0.6, maxDraft: 1 });
  const noise: MatterFirstResult = {
    matter: {
      id: 'noise',
      label: '噪声扰民',
      department: '生态环境局',
      needsStatute: true,
      routes: ['duty'],
      cues: [],
    },
    kind: 'complaint',
    clauses: [],
    ranked: [],
    abstained: true,
  };
  const tokenizer = (t: string) => t.split(' ');

  it('reads the affinity features after the design’s own', () => {
    expect(names).toEqual([...RERANK_FEATURES, ...AFFINITY_FEATURES, PROFILED_FEATURE]);
  });

  it('proposes the article whose profile is closest to the letter and cites it when close enough', () => {
    const r = withCitationModel(noise, {
      evidence,
      model,
      corpus,
      threshold: 0.5,
      k: 5,
      text: '夜间 噪音 噪音',
      tokenizer,
    });
    expect(r.clauses.map((c) => articleKey(c.law, c.article))).toEqual([NOISE]);
    expect(r.clauses[0].reason).toContain('来信相似条文');
  });

  it('proposes nothing for a letter none of whose words are in a profile', () => {
    const r = withCitationModel(noise, { evidence, model, corpus, threshold: 0.5, k: 5, text: '谢谢 领导', tokenizer });
    expect(r.ranked).toEqual([]);
    expect(r.abstained).toBe(true);
  });
});

describe('law profiles (round 20)', () => {
  // One profile per law, pooled over its articles: noise letters, wage letters.
  const laws = profilesOf(
    idf,
    new Map([
      ['噪声污染防治法', profileOf(new Map([['噪音', 0.8]]), 9)],
      ['劳动合同法', profileOf(new Map([['工资', 0.8]]), 12)],
    ]),
    new Map([['劳动合同法', profileOf(new Map([['噪音', 0.2]]), 3)]]),
  );
  const v = vectorOf(termCounts(['噪音', '夜间']), idf);
  const cands = () => [
    { key: '噪声污染防治法#第六十一条', x: [0.2] },
    { key: '噪声污染防治法#第八十七条', x: [0.5] },
    { key: WAGES, x: [0.1] },
  ];

  it('give the candidate’s law its cosine, rank and share of the best, and the article its place in its law', () => {
    const cs = cands();
    addLawFeatures(laws, v, cs, 0);
    const f = (i: number) => Object.fromEntries(LAW_FEATURES.map((n, j) => [n, cs[i].x[1 + j]]));
    expect(f(0).lawPos).toBeGreaterThan(0);
    expect(f(0).lawRank).toBe(0);
    expect(f(0).lawRatio).toBe(1);
    expect(f(0).affRankInLaw).toBeCloseTo(Math.log1p(1)); // the other noise article has the higher affinity
    expect(f(1).affRankInLaw).toBe(0);
    expect(f(0).lawCount).toBeCloseTo(Math.log1p(2));
    // The wage law has no word of the letter: no positive score, ranked after every scored law; its negative
    // profile (noise words) does match.
    expect(f(2).lawPos).toBe(0);
    expect(f(2).lawRank).toBeCloseTo(Math.log1p(1));
    expect(f(2).lawNeg).toBeGreaterThan(0);
  });

  it('score the same after the round trip through citation-model.json, and a model without them has none', () => {
    const shipped = JSON.parse(JSON.stringify(shipProfiles(profiles, 1, laws)));
    const a = cands();
    const b = cands();
    addLawFeatures(laws, v, a, 0);
    addLawFeatures(loadLawProfiles(shipped)!, v, b, 0);
    a.forEach((c, i) => c.x.forEach((x, j) => expect(b[i].x[j]).toBeCloseTo(x, 6)));
    expect(loadLawProfiles(shipProfiles(profiles, 1))).toBeUndefined();
    expect(featureNames(undefined, { propose: 1, laws: shipped.laws })).toEqual([
      ...RERANK_FEATURES,
      ...AFFINITY_FEATURES,
      PROFILED_FEATURE,
      ...LAW_FEATURES,
    ]);
  });
});
