/**
 * Issue 16 experiment: can the judged letters themselves carry the offline citation? A letter is cited the
 * articles that legal-officer judges scored 2 for the judged letters most like it (char 1–2-gram TF-IDF cosine,
 * k nearest), when enough of those neighbours needed a statute. Cross-validated by letter over every judged
 * letter (sets 0–8, 1,440 letters: dev, since all of them have been scored before). Aggregate figures only.
 *   npx tsx scripts/judged/knn-cv.ts [--folds 5]
 * Result (2026-12-05, dev, 5-fold): not good enough to ship. Its best trade-offs: precision 0.26 with 0.44 of
 * statute letters cited a correct article (k=5, t=0.2, M=2), 0.68 with 0.21 (k=10, t=0.4), 0.82 with 0.11 (k=20,
 * t=0.4); the shipped re-ranker, cross-validated on the same 1,440 letters, gives 0.83 with 0.19. Judges choose
 * among many articles for like letters (704 distinct judged-2 articles over 675 statute letters; the 50 most
 * frequent cover 55 % of them), so neighbours' votes scatter.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emptyTally, judgedMetrics, loadJudgements, tallyLetter } from '../../eval/metrics/judged.ts';
import { readLetters } from './letters.ts';
import { fitKnn, type KnnDoc } from './knn.ts';

const { values } = parseArgs({ options: { folds: { type: 'string', default: '5' } } });
const FOLDS = Number(values.folds);
const DIR = new URL('../../eval/judged/', import.meta.url).pathname;
const ids = readdirSync(DIR)
  .filter((f) => /^letters.*\.json$/.test(f))
  .flatMap((f) =>
    (JSON.parse(readFileSync(DIR + f, 'utf8')) as { letters: { id: string }[] }).letters.map((l) => l.id),
  );
const rows = readLetters(ids);
const judged = loadJudgements(`${DIR}judgements`);
const docs: KnnDoc[] = ids.flatMap((id) => {
  const j = judged.get(id);
  const r = rows.get(id);
  if (!j || !r) return [];
  // Procedural 信访 articles follow the route, not the matter: only substantive articles are learned.
  const pos = [...j.scores].filter(([k, s]) => s >= 1.5 && !k.startsWith('信访工作条例')).map(([k]) => k);
  return [{ id, text: `${r.title}。${r.text}`, pos, needs: j.needsStatute }];
});
const fold = (id: string) => parseInt(createHash('sha1').update(`${id}|knn`).digest('hex').slice(0, 8), 16) % FOLDS;
console.log(
  `letters ${docs.length}; needing a statute ${docs.filter((d) => d.needs).length}; with a judged-2 article ${docs.filter((d) => d.pos.length).length}`,
);

type Pred = { id: string; arts: { key: string; score: number }[]; needs: number };
function predictions(k: number): Pred[] {
  const out: Pred[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const train = docs.filter((d) => fold(d.id) !== f);
    const model = fitKnn(train);
    for (const d of docs.filter((x) => fold(x.id) === f)) out.push({ id: d.id, ...model.predict(d.text, k) });
  }
  return out;
}

const split = (key: string) => ({ law: key.split('#')[0], article: key.split('#')[1] });
for (const k of [5, 10, 20]) {
  const preds = predictions(k);
  for (const u of [0.3, 0.5]) {
    for (const M of [1, 2]) {
      for (const t of [0.2, 0.3, 0.4, 0.5, 0.6]) {
        const tally = emptyTally();
        for (const p of preds) {
          const cite = p.needs >= u ? p.arts.filter((a) => a.score >= t).slice(0, M) : [];
          tallyLetter(tally, judged.get(p.id), {
            ranked: p.arts.slice(0, 5).map((a) => split(a.key)),
            draft: cite.map((a) => split(a.key)),
            abstained: !cite.length,
          });
        }
        const m = judgedMetrics(tally);
        console.log(
          `k=${k} u=${u} M=${M} t=${t}: cited ${m.draft_citations} (unjudged ${m.draft_unjudged}) precision ${m.draft_precision} zero ${m.draft_share_0} statute-correct ${m.statute_drafts_with_correct} no-statute-none ${m.no_statute_drafts_citing_none} top1 ${m.top1_correct_answered}`,
        );
      }
    }
  }
}
