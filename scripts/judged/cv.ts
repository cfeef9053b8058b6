/**
 * Issue 16: the matter-first designs on all 240 judged letters, with everything learned from judgements
 * cross-validated by letter (5 folds by sha1(id); the evidence and its shrink K and draft threshold t are chosen
 * on the training folds only, by an inner 4-fold CV). Prints aggregate figures only.
 *   npx tsx scripts/judged/cv.ts [--unjudged eval/judged/unjudged-dev.json] [--write src/clauses/matter-evidence.json]
 * --write learns the shipped evidence on all 240 letters with the (K, t, M) chosen by 4-fold CV over them.
 * Designs:
 *   base      matter-first with the hand-set confidences (in-sample: its priors were tuned on the dev letters)
 *   key-only  base, but drafts quote only the matter's key articles (matters.json), not BM25 within statutes
 *   evidence  base re-scored with judged evidence per matter (src/clauses/matter-evidence.ts), CV by letter
 * Unjudged draft items (a learned article quoted for a held-out letter nobody judged) count as not relevant;
 * --unjudged writes them (letter id, law, article) for a judge.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  emptyTally,
  judgedMetrics,
  loadJudgements,
  tallyLetter,
  itemKey,
  type LetterJudgements,
} from '../../eval/metrics/judged.ts';
import { loadCorpus } from '../../src/clauses/index.ts';
import {
  createMatterFirst,
  DRAFT_THRESHOLD,
  MAX_DRAFT_ARTICLES,
  THRESHOLD,
  type MatterFirstResult,
} from '../../src/clauses/matter-first.ts';
import { articleKey, learnEvidence, withEvidence, type EvidenceExample } from '../../src/clauses/matter-evidence.ts';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import { LETTERS_FILE, readLetters } from './letters.ts';

const { values } = parseArgs({
  options: {
    unjudged: { type: 'string' },
    write: { type: 'string' },
    folds: { type: 'string', default: '5' },
    'no-calibration': { type: 'boolean', default: false },
  },
});
const FOLDS = Number(values.folds);
/** Pooled calibration of the hand-set priors (matter-evidence.ts CALIBRATION_BINS), learned on the training folds too. */
const CALIBRATE = !values['no-calibration'];
export const SHRINKS = [2, 4, 8, 16, 32];
export const MAX_ITEMS = [1, 2, 3];
export const DRAFT_THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];

const splits = (JSON.parse(readFileSync(LETTERS_FILE, 'utf8')) as { letters: { id: string; split: string }[] }).letters;
const letters = splits.map((l) => l.id);
const rows = readLetters(letters);
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
const mf = createMatterFirst(corpus, { tokenizer: createTokenizer(), evidence: null });
const base = new Map<string, MatterFirstResult>(
  letters.map((id) => [id, mf.recommend(rows.get(id)!.text, { title: rows.get(id)!.title, k: 5 })]),
);
const fold = (id: string) => parseInt(createHash('sha1').update(`${id}|cv`).digest('hex').slice(0, 8), 16) % FOLDS;

/** What the learner sees of a letter: its matter, kind and the substantive articles judged 2. */
function example(id: string): EvidenceExample | undefined {
  const r = base.get(id)!;
  const j = judged.get(id);
  if (!r.matter || !j) return undefined;
  const cited = [...j.scores].filter(([k, s]) => s >= 1.5 && !k.startsWith('信访')).map(([k]) => k);
  return {
    matter: r.matter.id,
    kind: r.kind,
    proposed: r.ranked.map((c) => articleKey(c.law, c.article)),
    cited,
    priors: r.ranked.map((c) => c.confidence),
  };
}

/** ranked: what is recommended (above the threshold); top5: every candidate shown to a judge by pool.ts's 'matter' design. */
type Out = {
  ranked: { law: string; article: string }[];
  top5: { law: string; article: string }[];
  abstained: boolean;
  draft: { law: string; article: string }[];
};
const draftOf = (r: MatterFirstResult, t: number, max: number) =>
  r.ranked.filter((c) => c.confidence >= Math.max(t, THRESHOLD)).slice(0, max);
function output(r: MatterFirstResult, t: number, keyOnly = false, max = MAX_DRAFT_ARTICLES): Out {
  const statute = r.kind !== 'thanks' && Boolean(r.matter?.needsStatute);
  const draft = statute ? draftOf(r, t, max).filter((c) => !keyOnly || !c.reason.includes('法规内检索')) : [];
  const key = (c: { law: string; article: string }) => ({ law: c.law, article: c.article });
  return {
    ranked: statute ? r.clauses.map(key) : [],
    top5: r.ranked.slice(0, 5).map(key),
    abstained: !statute || r.abstained,
    draft: draft.map(key),
  };
}

function figures(outs: Map<string, Out>) {
  const t = emptyTally();
  for (const [id, o] of outs) tallyLetter(t, judged.get(id), o);
  return judgedMetrics(t);
}

/** Objective for choosing K and t: statute letters with a correct article, among settings meeting the precision goals. */
function objective(m: Record<string, number | null>): number {
  const prec = m.draft_precision ?? 0;
  const zero = m.draft_share_0 ?? 0;
  const hit = m.statute_drafts_with_correct ?? 0;
  return prec >= 0.8 && zero <= 0.05 ? 1 + hit : prec - zero;
}

type Setting = { K: number; t: number; M: number };
function evidenceRun(train: string[], test: string[], s: Setting): Map<string, Out> {
  const e = learnEvidence(
    train.map(example).filter((x): x is EvidenceExample => Boolean(x)),
    { shrink: s.K, draftThreshold: s.t, maxDraft: s.M, calibrate: CALIBRATE },
  );
  return new Map(test.map((id) => [id, output(withEvidence(base.get(id)!, e, corpus, THRESHOLD), s.t, false, s.M)]));
}
const SETTINGS: Setting[] = SHRINKS.flatMap((K) =>
  DRAFT_THRESHOLDS.flatMap((t) => MAX_ITEMS.map((M) => ({ K, t, M }))),
);

/** Inner CV over the training letters: the (K, t) with the best objective. */
export function choose(train: string[]): Setting {
  let best = { ...SETTINGS[0], score: -Infinity };
  const inner = (id: string) => parseInt(createHash('sha1').update(`${id}|inner`).digest('hex').slice(0, 8), 16) % 4;
  for (const st of SETTINGS) {
    const outs = new Map<string, Out>();
    for (let f = 0; f < 4; f++) {
      for (const [id, o] of evidenceRun(
        train.filter((x) => inner(x) !== f),
        train.filter((x) => inner(x) === f),
        st,
      ))
        outs.set(id, o);
    }
    const s = objective(figures(outs));
    if (s > best.score) best = { ...st, score: s };
  }
  return best;
}

const show = (name: string, m: Record<string, number | null>) =>
  console.log(
    `${name.padEnd(44)} top1 ${m.top1_correct_answered} (answered ${m.answered}) | draft prec ${m.draft_precision} zero ${m.draft_share_0} unjudged ${m.draft_unjudged} of ${m.draft_citations} | statute letters correct ${m.statute_drafts_with_correct} | no-statute none ${m.no_statute_drafts_citing_none} | abstain acc ${m.abstain_accuracy}`,
  );

// The design before this change: hand-set priors, drafts quote up to three from 0.7 (priors tuned on the former dev half).
const bySplit = (name: string, outs: Map<string, Out>) => {
  show(name, figures(outs));
  for (const split of ['dev', 'blind']) {
    const ids = new Set(splits.filter((l) => l.split === split).map((l) => l.id));
    show(`  of which former ${split} (${ids.size})`, figures(new Map([...outs].filter(([id]) => ids.has(id)))));
  }
};
bySplit(
  'base: priors, ≤3 from 0.7 (no judgements learned)',
  new Map(letters.map((id) => [id, output(base.get(id)!, 0.7, false, 3)])),
);
bySplit('key-only: base, key articles only', new Map(letters.map((id) => [id, output(base.get(id)!, 0.7, true, 3)])));
bySplit(
  `priors only, ≤${MAX_DRAFT_ARTICLES} from ${DRAFT_THRESHOLD}`,
  new Map(letters.map((id) => [id, output(base.get(id)!, DRAFT_THRESHOLD)])),
);

const cvOuts = new Map<string, Out>();
for (let f = 0; f < FOLDS; f++) {
  const train = letters.filter((id) => fold(id) !== f);
  const test = letters.filter((id) => fold(id) === f);
  const st = choose(train);
  console.log(`fold ${f}: ${test.length} held out, chose K=${st.K} t=${st.t} M=${st.M}`);
  for (const [id, o] of evidenceRun(train, test, st)) cvOuts.set(id, o);
}
// The hand-set priors and matters.json were tuned on the former dev half; the former blind half was not read for them.
bySplit(`evidence (cross-validated by letter, ${FOLDS}-fold)`, cvOuts);
const all = choose(letters);
const inSample = evidenceRun(letters, letters, all);
if (values.write) {
  const about = `Issue 16: judged evidence per matter from ${letters.length} letters (eval/judged), learned by scripts/judged/cv.ts; shrink K, draft threshold t and at most M quoted articles chosen by 4-fold CV over letters. Figures on these letters are in-sample.`;
  const ev = learnEvidence(
    letters.map(example).filter((x): x is EvidenceExample => Boolean(x)),
    { shrink: all.K, draftThreshold: all.t, maxDraft: all.M, about, calibrate: CALIBRATE },
  );
  writeFileSync(values.write, JSON.stringify(ev) + '\n');
  console.log(`wrote ${values.write}: K=${all.K} t=${all.t} M=${all.M}`);
}
show(`evidence K=${all.K} t=${all.t} M=${all.M} (in-sample, all 240)`, figures(inSample));

if (values.unjudged) {
  const unjudged: { letter_id: string; law: string; article: string; design: string }[] = [];
  const collect = (outs: Map<string, Out>, design: string) => {
    for (const [id, o] of outs) {
      const j: LetterJudgements | undefined = judged.get(id);
      for (const c of [...o.draft, ...o.top5]) {
        if (j?.scores.has(itemKey(c.law, c.article))) continue;
        if (!unjudged.some((u) => u.letter_id === id && u.law === c.law && u.article === c.article))
          unjudged.push({ letter_id: id, law: c.law, article: c.article, design });
      }
    }
  };
  collect(cvOuts, 'evidence-cv');
  collect(inSample, 'evidence-shipped');
  writeFileSync(
    values.unjudged,
    JSON.stringify(
      {
        about:
          'Issue 16: (letter, article) pairs that the evidence design recommends or quotes and no judge has scored (ids and article keys only). Score them 0/1/2 like eval/judged/judgements.',
        count: unjudged.length,
        items: unjudged,
      },
      null,
      1,
    ) + '\n',
  );
  console.log(`unjudged pairs: ${unjudged.length} → ${values.unjudged}`);
}

// CV_MATTERS=1: the cross-validated drafts per recognised matter (quoted, judged 2 / 1 / 0, statute letters and hit).
if (process.env.CV_MATTERS) {
  const per = new Map<string, number[]>();
  for (const [id, o] of cvOuts) {
    const j = judged.get(id);
    const m = base.get(id)!.matter?.id ?? '-';
    const row = per.get(m) ?? [0, 0, 0, 0, 0, 0];
    for (const c of o.draft) {
      const sc = j?.scores.get(itemKey(c.law, c.article));
      row[0]++;
      if (sc !== undefined) row[sc >= 1.5 ? 1 : sc >= 0.5 ? 2 : 3]++;
    }
    if (j?.needsStatute) {
      row[4]++;
      if (o.draft.some((c) => (j.scores.get(itemKey(c.law, c.article)) ?? 0) >= 1.5)) row[5]++;
    }
    per.set(m, row);
  }
  for (const [m, r] of [...per].sort((a, b) => b[1][4] - a[1][4]))
    console.log(
      `matter ${m.padEnd(28)} quoted ${r[0]} (2: ${r[1]}, 1: ${r[2]}, 0: ${r[3]}) | statute letters ${r[4]}, with a correct article ${r[5]}`,
    );
}

if (process.env.CV_GRID) {
  for (const st of SETTINGS) {
    const outs = new Map<string, Out>();
    for (let f = 0; f < FOLDS; f++)
      for (const [id, o] of evidenceRun(
        letters.filter((x) => fold(x) !== f),
        letters.filter((x) => fold(x) === f),
        st,
      ))
        outs.set(id, o);
    show(`grid K=${st.K} t=${st.t} M=${st.M} (CV, fixed)`, figures(outs));
    const blindIds = new Set(splits.filter((l) => l.split === 'blind').map((l) => l.id));
    show(`  former blind`, figures(new Map([...outs].filter(([id]) => blindIds.has(id)))));
  }
}
