import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import type { LetterKind, MatterFirstResult, ScoredClause } from './matter-first.ts';
import type { Corpus } from './types.ts';

/**
 * Judged evidence per matter (issue 16): on judged letters recognised as a matter, how often a legal officer
 * judged an article as directly governing (2, including the articles the judge said were missing), counted
 * apart for letters where matter-first proposed the article (a key article, BM25 within the statutes) and
 * letters where it did not. It is expert knowledge of which article governs a matter, learned from judgements;
 * figures on the letters it was learned from are in-sample, so scripts/judged/cv.ts learns it on training folds.
 *
 * Confidence of article a for a letter of matter m and group g, shrunk towards the level above (K pseudo-letters):
 *   proposed by matter-first:  p_m = (two(m, a) + K·prior) / (n(m, a) + K),  p_mg likewise towards p_m
 *   not proposed:              the same over the letters where it was not proposed, towards 0
 */
const CountSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const GroupSchema = z.object({
  n: z.number().int().nonnegative(),
  /** article → [letters where matter-first proposed it, of which judged 2]. */
  proposed: z.record(z.string(), CountSchema),
  /** article → letters where it was judged 2 (proposed or not). */
  cited: z.record(z.string(), z.number().int().nonnegative()),
});
export const EvidenceSchema = z.object({
  about: z.string(),
  letters: z.number().int().nonnegative(),
  /** Pseudo-letters of the prior (K above). */
  shrink: z.number().positive(),
  /** Drafts quote an article from this confidence up (chosen by cross-validation over letters). */
  draftThreshold: z.number().min(0).max(1),
  /** Drafts quote at most this many substantive articles (chosen with the threshold). */
  maxDraft: z.number().int().min(1).max(3),
  groups: z.record(z.string(), GroupSchema),
  /**
   * Calibration of the hand-set priors, pooled over matters: per letter group and prior bin (CALIBRATION_BINS),
   * [proposed candidates, of which judged 2]. Absent: the hand-set prior stands.
   */
  calibration: z.record(z.string(), z.array(CountSchema)).optional(),
});
export type MatterEvidence = z.infer<typeof EvidenceSchema>;

/** Letters that ask for something of their own (complaint, report) against those that ask or suggest. */
export type LetterGroup = 'grievance' | 'ask';
export const letterGroup = (kind: LetterKind): LetterGroup =>
  kind === 'complaint' || kind === 'report' ? 'grievance' : 'ask';

export interface EvidenceExample {
  matter: string;
  kind: LetterKind;
  /** articleKey of every article matter-first proposed for the letter (its ranked candidates). */
  proposed: string[];
  /** articleKey of every article judged 2 for the letter (substantive statutes only). */
  cited: string[];
  /** Hand-set confidence of each proposed article (same order as proposed); feeds the pooled calibration. */
  priors?: number[];
}

/**
 * Upper edges of the prior bins. The hand-set priors (source × matter certainty × letter kind) are ordinal, not
 * probabilities: a question's key article at 0.45 may be judged 2 as often as a complaint's at 0.6. The judged
 * rate per bin and letter group, pooled over every matter, turns them into one; each matter's own evidence then
 * shrinks towards that calibrated prior rather than the hand-set one.
 */
export const CALIBRATION_BINS = [0.15, 0.3, 0.45, 0.6, 0.75, Infinity];
const binOf = (p: number) => CALIBRATION_BINS.findIndex((edge) => p < edge);

export function learnEvidence(
  examples: EvidenceExample[],
  opts: { shrink: number; draftThreshold: number; maxDraft: number; about?: string; calibrate?: boolean },
): MatterEvidence {
  const groups: MatterEvidence['groups'] = {};
  const calibration: Record<string, [number, number][]> = {};
  const add = (key: string, e: EvidenceExample) => {
    const g = (groups[key] ??= { n: 0, proposed: {}, cited: {} });
    g.n++;
    const cited = new Set(e.cited);
    for (const c of cited) g.cited[c] = (g.cited[c] ?? 0) + 1;
    for (const p of new Set(e.proposed)) {
      const [n, two] = g.proposed[p] ?? [0, 0];
      g.proposed[p] = [n + 1, two + (cited.has(p) ? 1 : 0)];
    }
  };
  for (const e of examples) {
    if (e.kind === 'thanks') continue;
    add(e.matter, e);
    add(`${e.matter}|${letterGroup(e.kind)}`, e);
    if (!opts.calibrate || !e.priors) continue;
    const bins = (calibration[letterGroup(e.kind)] ??= CALIBRATION_BINS.map(() => [0, 0]));
    const cited = new Set(e.cited);
    e.proposed.forEach((p, i) => {
      const b = bins[binOf(e.priors![i])];
      b[0]++;
      if (cited.has(p)) b[1]++;
    });
  }
  return {
    about: opts.about ?? '',
    letters: examples.length,
    shrink: opts.shrink,
    draftThreshold: opts.draftThreshold,
    maxDraft: opts.maxDraft,
    groups,
    ...(opts.calibrate ? { calibration } : {}),
  };
}

/** Articles ever judged 2 for letters of this matter (candidates beyond the hand-written key articles). */
export function evidenceArticles(ev: MatterEvidence, matter: string): string[] {
  return Object.keys(ev.groups[matter]?.cited ?? {});
}

/** Confidence that an officer would cite `key` for a letter of this matter and kind, given the hand-set prior. */
export function evidenceConfidence(
  ev: MatterEvidence,
  matter: string,
  kind: LetterKind,
  key: string,
  prior: number,
  proposed: boolean,
): number {
  if (kind === 'thanks') return 0;
  const k = ev.shrink;
  const bin = proposed ? ev.calibration?.[letterGroup(kind)]?.[binOf(prior)] : undefined;
  if (bin) prior = (bin[1] + k * prior) / (bin[0] + k);
  const level = (g: MatterEvidence['groups'][string] | undefined, towards: number) => {
    if (!g) return towards;
    const [pn, ptwo] = g.proposed[key] ?? [0, 0];
    const n = proposed ? pn : g.n - pn;
    const two = proposed ? ptwo : (g.cited[key] ?? 0) - ptwo;
    return (two + k * towards) / (n + k);
  };
  const pm = level(ev.groups[matter], proposed ? prior : 0);
  return level(ev.groups[`${matter}|${letterGroup(kind)}`], pm);
}

/** `中华人民共和国劳动合同法` + `第三十条` → `劳动合同法#第三十条` (the judged items' key, eval/metrics/judged.ts). */
export const articleKey = (law: string, article: string) =>
  `${law.replace(/[《》\s]/g, '').replace(/^中华人民共和国/, '')}#${article.replace(/\s/g, '')}`;

/**
 * Re-scores a matter-first result with the judged evidence of its matter: every candidate (and every article
 * judged 2 on earlier letters of the matter) gets evidenceConfidence with its hand-set confidence as the prior.
 * Letters without a statute matter, and thanks, stay as they were (nothing to cite).
 */
export function withEvidence(
  r: MatterFirstResult,
  ev: MatterEvidence,
  corpus: Corpus,
  threshold: number,
  k = 5,
): MatterFirstResult {
  const m = r.matter;
  if (!m?.needsStatute || r.kind === 'thanks') return r;
  const pool = new Map<string, ScoredClause>();
  const proposed = new Set<string>();
  for (const c of r.ranked) pool.set(articleKey(c.law, c.article), c), proposed.add(articleKey(c.law, c.article));
  for (const key of evidenceArticles(ev, m.id)) {
    if (pool.has(key)) continue;
    const [law, article] = key.split('#');
    const a = corpus.getArticle(law, article);
    if (a)
      pool.set(key, {
        law: a.law,
        lawId: a.lawId,
        article: a.article,
        number: a.number,
        text: a.text,
        score: 0,
        confidence: 0,
        matter: m.id,
        reason: [`事项:${m.label}`, '评判经验'],
      });
  }
  // An article matter-first did not propose (its own cue did not match) enters only when the evidence alone clears
  // the threshold: the hand-written cues decide otherwise (a kindergarten letter never gets 义务教育法).
  const ranked = [...pool]
    .map(([key, c]) => {
      const conf = Number(evidenceConfidence(ev, m.id, r.kind, key, c.confidence, proposed.has(key)).toFixed(3));
      return { ...c, confidence: conf, score: conf, proposed: proposed.has(key) };
    })
    .filter((c) => c.proposed || c.confidence >= threshold)
    .map(({ proposed: _p, ...c }) => c)
    .sort((a, b) => b.confidence - a.confidence);
  const clauses = ranked.filter((c) => c.confidence >= threshold).slice(0, k);
  const reason = clauses.length ? undefined : (r.reason ?? `事项“${m.label}”的条文把握不足，不推送法条`);
  const { reason: _old, ...rest } = r;
  return { ...rest, ranked, clauses, abstained: !clauses.length, ...(reason ? { reason } : {}) };
}

export const EVIDENCE_PATH = new URL('./matter-evidence.json', import.meta.url).pathname;
let shipped: MatterEvidence | null | undefined;
/**
 * The shipped matter-evidence.json beside matters.json, read once; undefined when absent. It is written together with
 * citation-model.json by `scripts/judged/learned.ts --write rerank`.
 */
export function defaultEvidence(): MatterEvidence | undefined {
  if (shipped === undefined)
    shipped = existsSync(EVIDENCE_PATH) ? EvidenceSchema.parse(JSON.parse(readFileSync(EVIDENCE_PATH, 'utf8'))) : null;
  return shipped ?? undefined;
}
