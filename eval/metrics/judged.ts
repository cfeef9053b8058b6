/**
 * Metrics on judged letters (issue 16): a legal-officer judge scored pooled articles 0/1/2 for each letter and
 * said whether the letter needs a substantive statute. Unjudged recommended items count as not relevant and
 * are counted separately, so a figure never hides them.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Judgement {
  letter_id: string;
  law: string;
  article: string;
  score?: 0 | 1 | 2;
  needs_statute?: boolean;
  judge?: string;
  suggested?: boolean;
}

export interface LetterJudgements {
  /** `law#article` (normalised) → mean score over judges. */
  scores: Map<string, number>;
  /** Majority of the judges' answers (ties → true). */
  needsStatute: boolean;
}

/** `中华人民共和国劳动合同法` / `劳动合同法` / `《劳动合同法》` → `劳动合同法`. */
export const normLaw = (law: string) => law.replace(/[《》\s]/g, '').replace(/^中华人民共和国/, '');
export const itemKey = (law: string, article: string) => `${normLaw(law)}#${article.replace(/\s/g, '')}`;

/** Reads every judgements/*.jsonl file: letter id → its judgements. */
export function loadJudgements(dir: string): Map<string, LetterJudgements> {
  const raw = new Map<string, { scores: Map<string, number[]>; needs: boolean[] }>();
  if (!existsSync(dir)) return new Map();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let j: Judgement;
      try {
        j = JSON.parse(line) as Judgement;
      } catch {
        continue;
      }
      if (!j.letter_id) continue;
      const r = raw.get(j.letter_id) ?? { scores: new Map<string, number[]>(), needs: [] as boolean[] };
      raw.set(j.letter_id, r);
      if (typeof j.needs_statute === 'boolean') r.needs.push(j.needs_statute);
      if (j.law && j.article && typeof j.score === 'number') {
        // A suggested article is one the judge would cite: a 2 unless the judge said otherwise.
        const k = itemKey(j.law, j.article);
        r.scores.set(k, [...(r.scores.get(k) ?? []), j.score]);
      } else if (j.law && j.article && j.suggested) {
        const k = itemKey(j.law, j.article);
        r.scores.set(k, [...(r.scores.get(k) ?? []), 2]);
      }
    }
  }
  const out = new Map<string, LetterJudgements>();
  for (const [id, r] of raw) {
    const scores = new Map([...r.scores].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
    const yes = r.needs.filter(Boolean).length;
    out.set(id, { scores, needsStatute: r.needs.length ? yes * 2 >= r.needs.length : scores.size > 0 });
  }
  return out;
}

export interface SystemOutput {
  /** Recommended articles, best first (empty when abstaining). */
  ranked: { law: string; article: string }[];
  abstained: boolean;
  /** Substantive articles the draft cites. */
  draft: { law: string; article: string }[];
}

/** Sums over letters; summed and divided at the end so dev cases and an aggregate-only blind case combine. */
export interface JudgedTally {
  letters: number;
  judged_letters: number;
  needs_statute: number;
  answered: number;
  p1_hits: number;
  p3_hits: number;
  p3_slots: number;
  p5_hits: number;
  p5_slots: number;
  ndcg5_sum: number;
  ndcg5_n: number;
  abstain_correct: number;
  abstained: number;
  abstained_no_statute: number;
  unjudged_items: number;
  ranked_items: number;
  draft_items: number;
  draft_rel2: number;
  draft_rel0: number;
  draft_unjudged: number;
  no_statute_letters: number;
  no_statute_drafts_citing_none: number;
  statute_letters: number;
  statute_drafts_with_correct: number;
}

export const emptyTally = (): JudgedTally => ({
  letters: 0,
  judged_letters: 0,
  needs_statute: 0,
  answered: 0,
  p1_hits: 0,
  p3_hits: 0,
  p3_slots: 0,
  p5_hits: 0,
  p5_slots: 0,
  ndcg5_sum: 0,
  ndcg5_n: 0,
  abstain_correct: 0,
  abstained: 0,
  abstained_no_statute: 0,
  unjudged_items: 0,
  ranked_items: 0,
  draft_items: 0,
  draft_rel2: 0,
  draft_rel0: 0,
  draft_unjudged: 0,
  no_statute_letters: 0,
  no_statute_drafts_citing_none: 0,
  statute_letters: 0,
  statute_drafts_with_correct: 0,
});

/** Relevance of one item: mean judged score rounded to the scale; undefined when unjudged. */
export function rel(j: LetterJudgements, c: { law: string; article: string }): number | undefined {
  const s = j.scores.get(itemKey(c.law, c.article));
  return s === undefined ? undefined : s >= 1.5 ? 2 : s >= 0.5 ? 1 : 0;
}

/** Adds one letter's output to a tally (a letter without any judgement counts only in `letters`). */
export function tallyLetter(t: JudgedTally, j: LetterJudgements | undefined, out: SystemOutput): void {
  t.letters++;
  if (!j) return;
  t.judged_letters++;
  if (j.needsStatute) t.needs_statute++;
  const ranked = out.abstained ? [] : out.ranked.slice(0, 5);
  const rels = ranked.map((c) => rel(j, c));
  t.ranked_items += ranked.length;
  t.unjudged_items += rels.filter((r) => r === undefined).length;
  const correct = (r: number | undefined) => (r === 2 ? 1 : 0);
  if (out.abstained) {
    t.abstained++;
    if (!j.needsStatute) t.abstained_no_statute++;
  }
  if (out.abstained === !j.needsStatute) t.abstain_correct++;
  if (ranked.length) {
    t.answered++;
    t.p1_hits += correct(rels[0]);
    t.p3_hits += rels.slice(0, 3).reduce<number>((s, r) => s + correct(r), 0);
    t.p3_slots += Math.min(3, ranked.length);
    t.p5_hits += rels.reduce<number>((s, r) => s + correct(r), 0);
    t.p5_slots += ranked.length;
    const ideal = [...j.scores.values()]
      .map((s) => (s >= 1.5 ? 2 : s >= 0.5 ? 1 : 0))
      .sort((a, b) => b - a)
      .slice(0, 5);
    const dcg = (g: number[]) => g.reduce((s, x, i) => s + (2 ** x - 1) / Math.log2(i + 2), 0);
    const idcg = dcg(ideal);
    if (idcg > 0) {
      t.ndcg5_sum += dcg(rels.map((r) => r ?? 0)) / idcg;
      t.ndcg5_n++;
    }
  }
  const d = out.draft.map((c) => rel(j, c));
  t.draft_items += d.length;
  t.draft_rel2 += d.filter((r) => r === 2).length;
  t.draft_rel0 += d.filter((r) => r === 0).length;
  t.draft_unjudged += d.filter((r) => r === undefined).length;
  if (j.needsStatute) {
    t.statute_letters++;
    if (d.some((r) => r === 2)) t.statute_drafts_with_correct++;
  } else {
    t.no_statute_letters++;
    if (!d.length) t.no_statute_drafts_citing_none++;
  }
}

export function addTally(a: JudgedTally, b: JudgedTally): JudgedTally {
  const out = emptyTally();
  for (const k of Object.keys(out) as (keyof JudgedTally)[]) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

const ratio = (a: number, b: number) => (b ? Number((a / b).toFixed(4)) : null);

/** The figures issue 16 asks for, from a tally. */
export function judgedMetrics(t: JudgedTally): Record<string, number | null> {
  return {
    letters: t.letters,
    judged_letters: t.judged_letters,
    'p@1': ratio(t.p1_hits, t.answered),
    'p@3': ratio(t.p3_hits, t.p3_slots),
    'p@5': ratio(t.p5_hits, t.p5_slots),
    'ndcg@5': ratio(t.ndcg5_sum, t.ndcg5_n),
    top1_correct_answered: ratio(t.p1_hits, t.answered),
    answered: t.answered,
    abstain_rate: ratio(t.abstained, t.judged_letters),
    abstain_accuracy: ratio(t.abstain_correct, t.judged_letters),
    abstain_precision: ratio(t.abstained_no_statute, t.abstained),
    needs_statute_share: ratio(t.needs_statute, t.judged_letters),
    unjudged_ranked_items: t.unjudged_items,
    ranked_items: t.ranked_items,
    draft_citations: t.draft_items,
    draft_precision: ratio(t.draft_rel2, t.draft_items),
    draft_share_0: ratio(t.draft_rel0, t.draft_items),
    draft_unjudged: t.draft_unjudged,
    no_statute_drafts_citing_none: ratio(t.no_statute_drafts_citing_none, t.no_statute_letters),
    statute_drafts_with_correct: ratio(t.statute_drafts_with_correct, t.statute_letters),
  };
}
