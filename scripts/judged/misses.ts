/**
 * Issue 16, round 16: why the model path misses, counted on dev sets (the evidence behind 4206df8 and 68d30a5).
 *   npx tsx scripts/judged/score.ts --letters eval/judged/letters-fresh-9.json --tag f9- --designs llm --rerun llm
 *   npx tsx scripts/judged/misses.ts --sets fresh-9:f9-,fresh-10:f10-,fj2-1:g1-,fj2-2:g2- --spent
 * Reads the model path's lists (/work/judging/runs/<tag>llm.jsonl, written by score.ts) and the judgements; prints
 * counts only. A letters file still marked blind is refused unless --spent says its blind figure was already reported
 * once (it becomes dev by being read here).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { itemKey, loadJudgements, rel } from '../../eval/metrics/judged.ts';

const { values } = parseArgs({ options: { sets: { type: 'string' }, spent: { type: 'boolean', default: false } } });
if (!values.sets) throw new Error('--sets name letters files and run tags, e.g. fresh-9:f9-,fj2-1:g1-');

/** The route's procedure articles the drafter adds beside a substantive one (src/drafting/parts.ts pickBasis). */
const ROUTE_ARTICLE = /(民事诉讼法#第二百一十条|劳动争议调解仲裁法#第五条)$/;
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const counts = new Map<string, number>();
const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);

for (const set of values.sets.split(',')) {
  const [file, tag] = set.split(':');
  const letters = (
    JSON.parse(readFileSync(`eval/judged/letters-${file}.json`, 'utf8')) as { letters: { id: string; split: string }[] }
  ).letters;
  if (letters.some((l) => l.split === 'blind') && !values.spent)
    throw new Error(`${file} is still marked blind: pass --spent only if its blind figure has been reported`);
  const runs = new Map(
    readFileSync(`/work/judging/runs/${tag}llm.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            letter_id: string;
            draft: { law: string; article: string }[];
            kind: string;
            modelNeedsStatute?: boolean;
          },
      )
      .map((r) => [r.letter_id, r]),
  );
  for (const { id } of letters) {
    const j = judged.get(id);
    const r = runs.get(id);
    if (!j || !r) {
      add('no judgement or no run');
      continue;
    }
    const score = (c: { law: string; article: string }) => rel(j, c) ?? 'unjudged';
    for (const c of r.draft)
      add(
        `citation judged ${score(c)}: ${ROUTE_ARTICLE.test(itemKey(c.law, c.article)) ? 'route article' : 'model pick'}`,
      );
    const asked = r.kind === 'model';
    // What the model itself said (runs written before the field existed count as "?").
    const said = r.modelNeedsStatute === undefined ? '?' : r.modelNeedsStatute ? 'yes' : 'no';
    if (!j.needsStatute) {
      add(`no-statute letter: ${r.draft.length ? 'cites' : 'cites none'} (model said statute needed: ${said})`);
      continue;
    }
    if (r.draft.some((c) => score(c) === 2))
      add(`statute letter: a citation judged 2 (model said statute needed: ${said})`);
    else if (!asked) add('statute letter missed: the model was not asked');
    else if (!r.draft.length) add('statute letter missed: the model scored no substantive candidate 2');
    else add('statute letter missed: cited only articles judged 1, 0 or unjudged');
  }
}
for (const [k, v] of [...counts].sort()) console.log(String(v).padStart(5), k);
