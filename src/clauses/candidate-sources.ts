import { Bm25Builder, addTerms, topK } from './bm25.ts';
import type { MatterEvidence } from './matter-evidence.ts';
import { defaultMatters } from './matters.ts';
import type { Tokenizer } from './tokenize.ts';
import type { Corpus } from './types.ts';

/**
 * Candidate sources beyond the recognised matter's own (issue 16, phase 1 of raising the candidate ceiling). About
 * half of the letters that need a statute had no correct article among matter-first's candidates: the letter was
 * not recognised as a matter, or as one that needs no statute, or its article is governed by another matter.
 *   others  articles judged 2 on earlier letters of the letter's further recognised matters (not only the first)
 *   broad   the judged articles of a recognised matter that usually needs no statute
 *   search  BM25 of the letter over the texts of the articles ever judged 2 (at most `search` of them): the
 *           judged articles are the vocabulary of what an officer cites, searched by the statute's own words
 * Every source is learned from judgements only (article keys), never from letter text.
 */
export interface CandidateSources {
  others?: boolean;
  broad?: boolean;
  search?: number;
  /** The searched article's document also holds the label and cues of the matters it was judged 2 for (matters.json). */
  searchCues?: boolean;
}

/** Features the sources add to the re-ranker's (citation-model.ts RERANK_FEATURES), only when sources are used. */
export const SOURCE_FEATURES = ['otherEvidence', 'searched', 'searchScore', 'broadMatter', 'noMatter'] as const;

type Search = (text: string, n: number) => { key: string; score: number }[];
const searches = new WeakMap<MatterEvidence, Map<boolean, Search>>();
// A cue is a regex source (拖欠.{0,6}工资): its words are what a letter of the matter says.
const cueWords = (cue: string) => cue.replace(/\.\{\d*,?\d*\}|[\\^$.*+?()[\]{}|]/g, ' ');

/** The article keys judged 2 for any training letter, searched by BM25 over their statute texts (built once per evidence). */
export function citedSearch(ev: MatterEvidence, corpus: Corpus, tokenizer: Tokenizer, withCues = false): Search {
  const cached = searches.get(ev)?.get(withCues);
  if (cached) return cached;
  const matters = defaultMatters();
  const keys = [
    ...new Set(Object.entries(ev.groups).flatMap(([g, v]) => (g.includes('|') ? [] : Object.keys(v.cited)))),
  ].filter((k) => !k.startsWith('信访'));
  const docs: string[] = [];
  const builder = new Bm25Builder();
  for (const key of keys) {
    const [law, article] = key.split('#');
    const a = corpus.getArticle(law, article);
    if (!a) continue;
    docs.push(key);
    const tf = addTerms(new Map(), tokenizer(a.text));
    if (withCues)
      for (const [g, v] of Object.entries(ev.groups)) {
        const m = g.includes('|') || !v.cited[key] ? undefined : matters.byId(g);
        if (m) addTerms(tf, tokenizer(`${m.label} ${m.cues.map(cueWords).join(' ')}`));
      }
    builder.add(tf);
  }
  const index = builder.build();
  const search: Search = (text, n) => {
    const q = new Map<string, number>();
    for (const t of tokenizer(text)) q.set(t, 1);
    const scores = new Float32Array(docs.length);
    index.scoreInto(q, scores);
    const top = topK(scores, n).filter((d) => scores[d] > 0);
    const max = top.length ? scores[top[0]] : 1;
    return top.map((d) => ({ key: docs[d], score: scores[d] / max }));
  };
  if (!searches.has(ev)) searches.set(ev, new Map());
  searches.get(ev)!.set(withCues, search);
  return search;
}
