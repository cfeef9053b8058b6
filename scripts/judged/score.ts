/**
 * Issue 16 figures per design on the judged letters: dev in full, blind ONLY in aggregate.
 *   npx tsx scripts/judged/score.ts --designs current,bm25,matter,service [--rerun matter,service]
 * A design's lists come from /work/judging/runs/<design>.jsonl (written by pool.ts); --rerun runs it afresh
 * (current.jsonl is the service before issue 16 and cannot be rerun). Unjudged items count as not relevant
 * and are reported (unjudged_ranked_items, draft_unjudged).
 * The fresh blind set, once judged (judgements added to eval/judged/judgements/):
 *   npx tsx scripts/judged/score.ts --letters eval/judged/letters-fresh.json --tag fresh- --designs matter,bm25
 * (all its letters are blind: aggregate figures only).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emptyTally, judgedMetrics, loadJudgements, tallyLetter } from '../../eval/metrics/judged.ts';
import { LETTERS_FILE, readLetters } from './letters.ts';
import { DESIGNS, type DesignName, type DesignOutput } from './designs.ts';

const { values } = parseArgs({
  options: {
    designs: { type: 'string', default: 'current,bm25,matter,service' },
    rerun: { type: 'string', default: '' },
    letters: { type: 'string', default: LETTERS_FILE },
    tag: { type: 'string', default: '' },
  },
});
const letters = (
  JSON.parse(readFileSync(values.letters!, 'utf8')) as { letters: { id: string; split: 'dev' | 'blind' }[] }
).letters;
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const rerun = new Set(values.rerun!.split(',').filter(Boolean));

async function outputs(name: string): Promise<Map<string, DesignOutput>> {
  const file = `/work/judging/runs/${values.tag}${name}.jsonl`;
  if (!rerun.has(name) && existsSync(file)) {
    return new Map(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .map((r) => [r.letter_id, r]),
    );
  }
  const want = new Set(letters.map((l) => l.id));
  const rows = readLetters(want);
  const design = await DESIGNS[name as DesignName]();
  const out = new Map<string, DesignOutput>();
  for (const l of letters) {
    const r = rows.get(l.id)!;
    out.set(l.id, await design.run(r.text, r.title ?? ''));
  }
  mkdirSync('/work/judging/runs', { recursive: true });
  writeFileSync(file, [...out].map(([id, o]) => JSON.stringify({ letter_id: id, ...o })).join('\n') + '\n');
  return out;
}

console.log(
  `judged letters: ${[...judged.keys()].filter((id) => letters.some((l) => l.id === id)).length} of ${letters.length}`,
);
for (const name of values.designs!.split(',')) {
  const outs = await outputs(name);
  for (const split of ['dev', 'blind'] as const) {
    if (!letters.some((x) => x.split === split)) continue;
    const t = emptyTally();
    for (const l of letters.filter((x) => x.split === split)) {
      const o = outs.get(l.id);
      // A design without an abstention flag abstains when it returns nothing; its draft is what it cites.
      const ranked = o?.top5 ?? [];
      const abstained = o?.abstained ?? ranked.length === 0;
      tallyLetter(t, judged.get(l.id), { ranked: abstained ? [] : ranked, abstained, draft: o?.draft ?? [] });
    }
    const m = judgedMetrics(t);
    console.log(`${name} ${split === 'dev' ? 'DEV' : 'BLIND (aggregate)'} ${JSON.stringify(m)}`);
    // The model designs: on how many letters the model chose, and why it did not on the others (counts only).
    if (name.startsWith('llm')) {
      const why = new Map<string, number>();
      for (const l of letters.filter((x) => x.split === split)) {
        const k = outs.get(l.id)?.kind ?? 'missing';
        why.set(k, (why.get(k) ?? 0) + 1);
      }
      console.log(`${name} ${split}: ${JSON.stringify(Object.fromEntries(why))}`);
    }
  }
}
